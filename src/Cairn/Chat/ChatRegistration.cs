using Cairn.Chat.Context;
using Cairn.Chat.Models;
using Cairn.Chat.Providers;
using Cairn.Commands;
using Cairn.Config;
using Cairn.Sessions;
using Cairn.Store;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cairn.Chat;

/// <summary>
/// The chat feature: the model clients (made now, so a bad model config stops start-up), runs, the service. The default
/// model's client, budget and compactor are the container's <see cref="IChatClient"/>, <see cref="ContextBudget"/> and
/// <see cref="Compactor"/> (tests replace the client); every other configured model gets its own in <see cref="ModelCatalog"/>.
/// </summary>
public static class ChatRegistration
{
    public static IServiceCollection AddChat(this IServiceCollection services, CairnConfig config)
    {
        var model = config.Model;
        services.AddSingleton(ChatClientFactory.Describe(model));
        // Made now with the system clock only to fail start-up on a bad model config; the gateway's own clients below
        // get the gateway's TimeProvider and loggers.
        CheckModels(config);
        services.AddSingleton(sp => ChatClientFactory.Create(model, Environment.GetEnvironmentVariable,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(), ConfigKey(config, config.DefaultModel)));
        services.AddSingleton(sp => new ContextBudget(ContextLimits.From(model, ChatClientFactory.ContextWindowAsync(model,
            Environment.GetEnvironmentVariable, sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult())));
        services.AddSingleton(sp => new Compactor(sp.GetRequiredService<IChatClient>(), sp.GetRequiredService<ILogger<Compactor>>()));
        services.AddSingleton(sp => BuildCatalog(sp, config));
        services.AddSingleton<TokenEstimator>();
        services.AddSingleton<ChatContext>();
        services.AddSingleton<TranscriptStore>();
        services.TryAddSingleton<IRunLeases, LocalRunLeases>();
        services.AddSingleton<ChatRuns>();
        if (config.Store.Provider != StoreConfig.Postgres)
        {
            services.AddHostedService<InterruptedReplies>();
        }

        services.AddSingleton<IActiveRuns>(sp => sp.GetRequiredService<ChatRuns>());
        services.AddSingleton<ChatRunner>();
        services.AddSingleton<ChatService>();
        services.AddSingleton<CompactionService>();
        services.AddSingleton<ICompaction>(sp => sp.GetRequiredService<CompactionService>());
        return services;
    }

    /// <summary>Builds (and drops) every configured model's client: a missing key fails start-up naming the model's config key.</summary>
    public static void CheckModels(CairnConfig config)
    {
        foreach (var entry in config.Models)
        {
            ChatClientFactory.Create(entry.Settings, Environment.GetEnvironmentVariable, configKey: ConfigKey(config, entry.Name)).Dispose();
        }
    }

    /// <summary><c>model</c> for the single-model form, else <c>models.N</c>: where an error about this model points.</summary>
    private static string ConfigKey(CairnConfig config, string name) =>
        config.HasModelsList ? $"models.{config.Models.ToList().FindIndex(m => m.Name == name)}" : "model";

    private static ModelCatalog BuildCatalog(IServiceProvider sp, CairnConfig config)
    {
        var time = sp.GetRequiredService<TimeProvider>();
        var loggers = sp.GetRequiredService<ILoggerFactory>();
        var models = config.Models.Select(entry =>
        {
            if (entry.Name == config.DefaultModel)
            {
                return new ChatModel(entry, true, sp.GetRequiredService<IChatClient>(), sp.GetRequiredService<ContextBudget>,
                    sp.GetRequiredService<Compactor>());
            }

            var settings = entry.Settings;
            var client = ChatClientFactory.Create(settings, Environment.GetEnvironmentVariable, time, loggers, ConfigKey(config, entry.Name));
            return new ChatModel(entry, false, client,
                () => new ContextBudget(ContextLimits.From(settings, ChatClientFactory.ContextWindowAsync(settings, Environment.GetEnvironmentVariable, time)
                    .GetAwaiter().GetResult())),
                new Compactor(client, loggers.CreateLogger<Compactor>()));
        });
        return new ModelCatalog([.. models]);
    }
}
