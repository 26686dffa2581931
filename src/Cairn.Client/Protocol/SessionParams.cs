namespace Cairn.Protocol;

/// <summary>
/// <c>sessions.list</c>. Without <c>archived</c> or <c>trashed</c> it lists the sessions in use (neither archived nor in
/// the trash); <c>archived: true</c> lists only the archived ones, <c>trashed: true</c> only those in the trash.
/// <c>tags</c>: only sessions that carry every one of them. In the default order (updated, in use) pinned sessions come first.
/// </summary>
public sealed record SessionsListParams(
    int? Limit = null,
    string? Cursor = null,
    bool? Persistent = null,
    bool? UserCreated = null,
    string? Search = null,
    SessionSort Sort = SessionSort.Updated,
    bool? Archived = null,
    bool? Trashed = null,
    IReadOnlyList<string>? Tags = null);

public sealed record SessionKeyParams(string Key);

/// <summary>
/// <c>sessions.get</c> also accepts a key from an older store (an alias), which need not follow Cairn's key rules.
/// </summary>
public sealed record SessionGetParams(string Key);

public sealed record SessionsResolveParams(string Name);

/// <summary>
/// <c>sessions.create</c>. <c>template</c> (a template's key or name) copies its values into the new session; any of
/// <c>description</c>, <c>persistent</c>, <c>systemPrompt</c>, <c>model</c> and <c>tags</c> given here wins over the
/// template's. Without either, a session is persistent.
/// </summary>
public sealed record SessionsCreateParams(
    string Label,
    string? Key = null,
    string? Description = null,
    bool? Persistent = null,
    string? Template = null,
    string? SystemPrompt = null,
    string? Model = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>
/// Only the fields given change; <c>description: null</c> clears it (hence <see cref="Maybe{T}"/>). <c>tags</c> replaces
/// the session's set (<c>[]</c> removes them all); <c>pinned</c> pins or unpins it.
/// </summary>
public sealed record SessionsPatchParams(
    string Key,
    string? Label = null,
    Maybe<string?> Description = default,
    bool? Persistent = null,
    Maybe<string?> SystemPrompt = default,
    int? ExpectedRev = null,
    Maybe<string?> Model = default,
    IReadOnlyList<string>? Tags = null,
    bool? Pinned = null);

/// <summary><c>sessions.compact</c>: summarise the older part of the current conversation now.</summary>
public sealed record SessionsCompactParams(string Key, string? Instructions = null);

/// <summary><c>sessions.active</c>: which session a peer (a surface without a URL) is bound to.</summary>
public sealed record SessionsActiveParams(string Peer);
