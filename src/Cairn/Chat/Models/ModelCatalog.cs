namespace Cairn.Chat.Models;

/// <summary>The model a session's turn uses, and whether that is the default standing in for a pinned model that is gone.</summary>
public sealed record ModelChoice(ChatModel Model, string? Pinned)
{
    /// <summary>The session pins a model the config no longer has: the default answers instead.</summary>
    public bool FellBack => Pinned is not null && !Pinned.Equals(Model.Name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Every configured model, built once at start-up (one client each, with its own retry, timeout and health wrappers),
/// looked up by name case-insensitively. A session's model is its pinned one when configured, else the default.
/// </summary>
public sealed class ModelCatalog(IReadOnlyList<ChatModel> models) : IDisposable
{
    public IReadOnlyList<ChatModel> All => models;

    public ChatModel Default { get; } = models.Single(m => m.IsDefault);

    public ChatModel? Find(string? name) => name is null ? null : models.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The model for a session that pins <paramref name="pinned"/> (or none).</summary>
    public ModelChoice For(string? pinned) => new(Find(pinned) ?? Default, pinned);

    public IReadOnlyList<Protocol.ModelSummary> Describe() => [.. models.Select(m => m.Describe())];

    /// <summary>The default model's client belongs to the container (tests replace it); the others are this catalog's.</summary>
    public void Dispose()
    {
        foreach (var model in models.Where(m => !m.IsDefault))
        {
            model.Client.Dispose();
        }
    }
}
