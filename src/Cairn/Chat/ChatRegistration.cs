using Cairn.Chat.Providers;
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
        services.AddSingleton(ChatClientFactory.Create(model, Environment.GetEnvironmentVariable));
        services.AddSingleton<TranscriptStore>();
        services.AddSingleton<ChatRuns>();
        services.AddSingleton<IActiveRuns>(sp => sp.GetRequiredService<ChatRuns>());
        services.AddSingleton<ChatRunner>();
        services.AddSingleton<ChatService>();
        return services;
    }
}
