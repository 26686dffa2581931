namespace Cairn.Protocol;

/// <summary>
/// A configured model as clients see it (the hello, <c>models.list</c>): its name (what sessions pin), the provider
/// (<c>echo</c> or <c>openai</c>), the upstream model it asks for, its context window in tokens (configured, or as
/// the server reported it once asked; null before), whether it is the default, and whether it is the offline echo.
/// <see cref="Health"/> (<c>ok</c> or <c>degraded</c>) is what this model's own calls recorded. Never the base URL or key.
/// </summary>
public sealed record ModelSummary(string Name, string Provider, string Model, int? ContextWindow, bool Default, bool Offline)
{
    public string? Health { get; init; }
}

/// <summary><c>models.list</c>: every configured model and the default's name.</summary>
public sealed record ModelsListResult(IReadOnlyList<ModelSummary> Models, string DefaultModel);
