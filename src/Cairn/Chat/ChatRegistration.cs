using Cairn.Chat.Context;
using Cairn.Chat.Providers;
using Cairn.Commands;
using Cairn.Config;
using Cairn.Sessions;
using Cairn.Store;
using Microsoft.Extensions.AI;

namespace Cairn.Chat;

/// <summary>The chat feature: the model client (made now, so a bad model config stops start-up), runs, the service.</summary>
public static class ChatRegistration
{
    public static IServiceCollection AddChat(this IServiceCollection services, ModelConfig model)
    {
        services.AddSingleton(ChatClientFactory.Describe(model));
        // Made now with the system clock only to fail start-up on a bad model config; the gateway's own client below
        // gets the gateway's TimeProvider and loggers.
        ChatClientFactory.Create(model, Environment.GetEnvironmentVariable).Dispose();
        services.AddSingleton(sp => ChatClientFactory.Create(model, Environment.GetEnvironmentVariable,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new ContextBudget(ContextLimits.From(model, ChatClientFactory.ContextWindowAsync(model,
            Environment.GetEnvironmentVariable, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult())));
        services.AddSingleton<TokenEstimator>();
        services.AddSingleton<Compactor>();
        services.AddSingleton<ChatContext>();
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<ChatRuns>();
        services.AddSingleton<IActiveRuns>(sp => sp.GetRequiredService<ChatRuns>());
        services.AddSingleton<ChatRunner>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<CompactionService>();
        services.AddSingleton<ICompaction>(sp => sp.GetRequiredService<CompactionService>());
        return services;
    }
}
