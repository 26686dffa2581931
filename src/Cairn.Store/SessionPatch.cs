namespace Cairn.Store;

/// <summary>
/// A change to a session. Null means "leave as is", except for the fields with a Set flag, where
/// null with the flag set clears the value.
/// </summary>
public sealed record SessionPatch(
    string? Label = null,
    bool SetDescription = false,
    string? Description = null,
    bool? Persistent = null,
    bool SetSystemPrompt = false,
    string? SystemPrompt = null,
    int? ExpectedRev = null,
    IReadOnlyList<string>? Tags = null,
    bool? Pinned = null)
{
    /// <summary>Set <see cref="Model"/>: the configured model's name the session pins, or null for the default.</summary>
    public bool SetModel { get; init; }

    public string? Model { get; init; }
}

/// <summary>A session to create; the store picks a free key from <see cref="BaseKey"/> unless <see cref="ExactKey"/>.</summary>
public sealed record NewSession(
    string BaseKey,
    bool ExactKey,
    string Label,
    string? Description,
    bool Persistent,
    bool UserCreated,
    SessionKind Kind,
    string SessionId);

public sealed record ResetResult(SessionEntry Entry, string PreviousSessionId);
