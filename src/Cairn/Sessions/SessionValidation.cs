using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>The checks the <c>sessions.*</c> parameters get after deserialization: ranges, lengths, formats.</summary>
public static class SessionValidation
{
    public static MethodError? List(SessionsListParams p) =>
        p.Limit is < 1 or > 200 ? MethodError.Invalid("limit", "'limit' must be from 1 to 200.")
        : p.Search is { Length: > 200 } ? MethodError.Invalid("search", "'search' must be at most 200 characters.")
        : p.Search?.Contains('\0', StringComparison.Ordinal) == true ? MethodError.Invalid("search", "'search' cannot contain NUL characters.")
        : p.Cursor is { Length: > 512 } ? MethodError.Invalid("cursor", "'cursor' is not a cursor from this list.")
        : p is { Archived: true, Trashed: true } ? MethodError.Invalid("trashed", "Pass 'archived: true' or 'trashed: true', not both: a session in the trash is listed only there.")
        : null;

    public static MethodError? Key(SessionKeyParams p) => SessionRules.CheckKey(p.Key);

    /// <summary>An alias from an older store need not follow the key rules; the handler refuses what is neither.</summary>
    public static MethodError? Get(SessionGetParams p) =>
        p.Key.Length is 0 or > 256 || p.Key.Any(char.IsControl) ? SessionRules.CheckKey(p.Key) : null;

    public static MethodError? Resolve(SessionsResolveParams p) =>
        string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > 200 ? MethodError.Invalid("name", "'name' must be 1 to 200 characters.") : null;

    public static MethodError? Create(SessionsCreateParams p) =>
        SessionRules.CheckLabel(p.Label)
        ?? (p.Key is null ? null : SessionRules.CheckKey(p.Key))
        ?? SessionRules.CheckDescription(p.Description)
        ?? SessionRules.CheckSystemPrompt(p.SystemPrompt)
        ?? SessionRules.CheckModelName(p.Model)
        ?? (p.Template is { } template && (template.Trim().Length == 0 || template.Length > 200)
            ? MethodError.Invalid("template", "'template' must be a template's key or name (1 to 200 characters).") : null);

    public static MethodError? Patch(SessionsPatchParams p) =>
        SessionRules.CheckKey(p.Key)
        ?? (p.Label is null ? null : SessionRules.CheckLabel(p.Label))
        ?? SessionRules.CheckDescription(p.Description.Value)
        ?? SessionRules.CheckSystemPrompt(p.SystemPrompt.Value)
        ?? (p.ExpectedRev is < 1 ? MethodError.Invalid("expectedRev", "'expectedRev' must be a positive revision number.") : null)
        ?? SessionRules.CheckModelName(p.Model.Value)
        ?? (p.Label is null && !p.Description.IsSet && p.Persistent is null && !p.SystemPrompt.IsSet && !p.Model.IsSet && p.Tags is null && p.Pinned is null
            ? MethodError.Invalid("params", "Nothing to change: pass label, description, persistent, systemPrompt, model, tags or pinned.") : null);

    public static MethodError? Active(SessionsActiveParams p) =>
        string.IsNullOrWhiteSpace(p.Peer) || p.Peer.Length > PeerBindingStore.MaxPeerLength
            ? MethodError.Invalid("peer", $"'peer' must be 1 to {PeerBindingStore.MaxPeerLength} characters.")
            : null;
}
