using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

public sealed record SessionsListParams(
    int? Limit = null,
    string? Cursor = null,
    bool? Persistent = null,
    bool? UserCreated = null,
    string? Search = null,
    SessionSort Sort = SessionSort.Updated) : IValidatable
{
    public MethodError? Validate() =>
        Limit is < 1 or > 200 ? MethodError.Invalid("limit", "'limit' must be from 1 to 200.")
        : Search is { Length: > 200 } ? MethodError.Invalid("search", "'search' must be at most 200 characters.")
        : Cursor is { Length: > 512 } ? MethodError.Invalid("cursor", "'cursor' is not a cursor from this list.")
        : null;
}

public sealed record SessionKeyParams(string Key) : IValidatable
{
    public MethodError? Validate() => SessionRules.CheckKey(Key);
}

/// <summary>
/// <c>sessions.get</c> also accepts a key from an older store (an alias), which need not follow Cairn's key
/// rules; a string that is neither a valid key nor an alias is still refused by the handler.
/// </summary>
public sealed record SessionGetParams(string Key) : IValidatable
{
    public MethodError? Validate() =>
        Key.Length is 0 or > 256 || Key.Any(char.IsControl) ? SessionRules.CheckKey(Key) : null;
}

public sealed record SessionsResolveParams(string Name) : IValidatable
{
    public MethodError? Validate() =>
        string.IsNullOrWhiteSpace(Name) || Name.Length > 200 ? MethodError.Invalid("name", "'name' must be 1 to 200 characters.") : null;
}

public sealed record SessionsCreateParams(
    string Label,
    string? Key = null,
    string? Description = null,
    bool Persistent = true) : IValidatable
{
    public MethodError? Validate() =>
        SessionRules.CheckLabel(Label)
        ?? (Key is null ? null : SessionRules.CheckKey(Key))
        ?? SessionRules.CheckDescription(Description);
}

public sealed record SessionsPatchParams(
    string Key,
    string? Label = null,
    Maybe<string?> Description = default,
    bool? Persistent = null,
    Maybe<string?> SystemPrompt = default,
    int? ExpectedRev = null) : IValidatable
{
    public MethodError? Validate() =>
        SessionRules.CheckKey(Key)
        ?? (Label is null ? null : SessionRules.CheckLabel(Label))
        ?? SessionRules.CheckDescription(Description.Value)
        ?? (SystemPrompt.Value is { Length: > SessionRules.MaxSystemPromptLength }
            ? MethodError.Invalid("systemPrompt", $"'systemPrompt' must be at most {SessionRules.MaxSystemPromptLength} characters.") : null)
        ?? (ExpectedRev is < 1 ? MethodError.Invalid("expectedRev", "'expectedRev' must be a positive revision number.") : null)
        ?? (Label is null && !Description.IsSet && Persistent is null && !SystemPrompt.IsSet
            ? MethodError.Invalid("params", "Nothing to change: pass label, description, persistent or systemPrompt.") : null);
}
