namespace Cairn.Protocol;

/// <summary>
/// <c>analytics.session</c>: one session's counts over a range of UTC days, <c>from</c>..<c>to</c> inclusive
/// (<c>YYYY-MM-DD</c>; default: the 30 days ending today, at most 366 days).
/// </summary>
public sealed record AnalyticsSessionParams(string Key, string? From = null, string? To = null);

/// <summary><c>analytics.overview</c>: the gateway's counts over a range of UTC days (as <see cref="AnalyticsSessionParams"/>).</summary>
public sealed record AnalyticsOverviewParams(string? From = null, string? To = null);

/// <summary>Replies by how their run ended.</summary>
public sealed record AnalyticsReplies(long Final, long Error, long Aborted);

/// <summary>One UTC day of a session: conversation messages, tokens, replies (every state).</summary>
public sealed record AnalyticsSessionDay(string Day, long Messages, long InputTokens, long OutputTokens, long Replies);

/// <summary>
/// A session's counts in the range: conversation messages (user and assistant), tokens, the estimated cost (tokens
/// times the price per million of the session's model now, as configured; null when it has no price), compactions,
/// resets, replies by state, the medians of the time to first token and to the end of a reply (ms; null without
/// replies), and every day of the range.
/// </summary>
public sealed record AnalyticsSessionResult(
    string Key,
    string Label,
    string From,
    string To,
    string Model,
    long Messages,
    long InputTokens,
    long OutputTokens,
    decimal? EstimatedCost,
    long Compactions,
    long Resets,
    AnalyticsReplies Replies,
    double? MedianFirstTokenMs,
    double? MedianTotalMs,
    IReadOnlyList<AnalyticsSessionDay> Days);

/// <summary>One UTC day of the gateway; <c>activeSessions</c>: sessions with at least one message that day.</summary>
public sealed record AnalyticsOverviewDay(string Day, long SessionsCreated, long Switches, long ResetsBlocked, long CreateErrors, long ActiveSessions);

/// <summary>How many sessions have a kind (<c>main</c>, <c>named</c>, <c>peer</c>).</summary>
public sealed record AnalyticsKindCount(string Name, long Count);

/// <summary>How many sessions are <c>persistent</c>, or <c>temporary</c>.</summary>
public sealed record AnalyticsPersistenceCount(string Name, long Count);

/// <summary>A session and its tokens in the range.</summary>
public sealed record AnalyticsTopSession(string Key, string Label, long InputTokens, long OutputTokens, long Tokens);

/// <summary>
/// The gateway's counts in the range (totals and every day), sessions (not in the trash) by kind and by persistence
/// as they are now, the ten sessions with the most tokens in the range, and sessions in use per tag (as tags.list).
/// </summary>
public sealed record AnalyticsOverviewResult(
    string From,
    string To,
    long SessionsCreated,
    long Switches,
    long ResetsBlocked,
    long CreateErrors,
    IReadOnlyList<AnalyticsOverviewDay> Days,
    IReadOnlyList<AnalyticsKindCount> ByKind,
    IReadOnlyList<AnalyticsPersistenceCount> ByPersistence,
    IReadOnlyList<AnalyticsTopSession> TopSessions,
    IReadOnlyList<TagInfo> ByTag);
