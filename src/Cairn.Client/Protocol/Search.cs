namespace Cairn.Protocol;

/// <summary>
/// <c>search.query</c>: sessions and messages across every conversation (all generations, and summaries).
/// <c>query</c> takes words (all must match), <c>"a phrase"</c>, <c>prefix*</c>, <c>-word</c> (must not match) and the
/// filters <c>in:&lt;session&gt;</c>, <c>persistent:yes|no</c>, <c>archived:yes|no</c>, <c>pinned:yes|no</c>, <c>tag:&lt;tag&gt;</c>; the parameters <c>sessionKey</c>,
/// <c>persistent</c> and <c>archived</c> do the same as those, and <c>tags</c> as <c>tag:</c> (every one must be on the session; with
/// <c>tag:</c> filters in the query, both count). A session whose tag starts with every word is a session hit too. Archived sessions are searched unless left out; trashed
/// ones never. <c>limit</c>: 1–100, default 20; <c>cursor</c>: the previous page's <c>nextCursor</c>.
/// </summary>
public sealed record SearchQueryParams(
    string Query, string? SessionKey = null, bool? Persistent = null, int? Limit = null, string? Cursor = null, bool? Archived = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>A part of a snippet to highlight: <c>length</c> UTF-16 characters from <c>start</c>.</summary>
public sealed record SearchHighlight(int Start, int Length);

/// <summary>What a hit is: a session (its label, key or description matched) or a message in it.</summary>
public enum SearchHitKind
{
    Session,
    Message,
}

/// <summary>
/// One hit. A message hit names its session, the conversation it is in (<c>sessionId</c>; <c>current</c> is false for an
/// earlier conversation, before a reset) and its <c>seq</c>, and carries a plain-text <c>snippet</c> around the match with
/// <c>highlights</c> to mark (never HTML). A session hit's snippet is its label or description.
/// </summary>
public sealed record SearchHit(
    SearchHitKind Kind,
    string SessionKey,
    string Label,
    string Snippet,
    IReadOnlyList<SearchHighlight> Highlights,
    long? Seq = null,
    string? SessionId = null,
    bool? Current = null,
    string? Role = null,
    long? CreatedAt = null);

/// <summary>The hits, best first: matching sessions on the first page, then messages by relevance.</summary>
public sealed record SearchQueryResult(IReadOnlyList<SearchHit> Hits, string? NextCursor = null);
