using Cairn.Chat.Context;
using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Protocol;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Models;

/// <summary>
/// One configured model, built once: its client (the whole provider pipeline: health, timeouts, retries), its context
/// budget (the window asked of the server on first use when not configured, then learned from overflow errors) and the
/// compactor that summarises with it.
/// </summary>
public sealed class ChatModel(ModelEntry entry, bool isDefault, IChatClient client, Func<ContextBudget> budget, Compactor compactor)
{
    private readonly Lazy<ContextBudget> _budget = new(budget);

    public string Name => entry.Name;

    public ModelEntry Entry => entry;

    public bool IsDefault => isDefault;

    public IChatClient Client => client;

    public Compactor Compactor => compactor;

    /// <summary>The budget in tokens; the first read may ask the server for its window (a few seconds at most).</summary>
    public ContextBudget Budget => _budget.Value;

    public ProviderInfo Info { get; } = ChatClientFactory.Describe(entry.Settings);

    /// <summary>
    /// The window without asking anyone: the budget's once it is made (it may have learned a smaller one), else the
    /// configured one, else echo's default; null for an openai model whose server has not been asked yet.
    /// </summary>
    public int? KnownContextWindow => _budget.IsValueCreated ? _budget.Value.Limits.ContextWindow
        : entry.Settings.ContextWindow ?? (entry.Settings.Provider == "openai" ? null : entry.Settings.DefaultContextWindow);

    /// <summary>The health the client's calls recorded (no probe here: <c>/healthz</c> probes the default model).</summary>
    public ProviderHealthStatus? Health => client.GetService<ProviderHealth>()?.Status;

    /// <summary>As the hello and <c>models.list</c> show it: never the base URL or the key.</summary>
    public ModelSummary Describe() => new(Name, Info.Name, Info.Model, KnownContextWindow, IsDefault, Info.Offline)
    {
        Health = Health?.State,
    };
}
