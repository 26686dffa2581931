namespace Cairn.Protocol;

/// <summary>
/// <c>sessions.share</c>: a read-only link to a session's conversation. A snapshot (the default) shows the
/// conversation as it is now; <c>live</c> shows its current conversation whenever the link is opened.
/// <c>expiresInDays</c>: 1–365, default 30.
/// </summary>
public sealed record SessionsShareParams(string Key, int? ExpiresInDays = null, bool Live = false);

/// <summary><c>sessions.unshare</c>: revoke a link; it stops working at once.</summary>
public sealed record SessionsUnshareParams(string Token);

/// <summary><c>sessions.shares</c>: the links that still work, of one session or of all.</summary>
public sealed record SessionsSharesParams(string? Key = null);

/// <summary>
/// One share link. <c>Path</c> is <c>/s/&lt;token&gt;</c> on this gateway; <c>Url</c> is it on the address the gateway
/// listens on (a client behind a reverse proxy joins its own origin and <c>Path</c>). <c>LoopbackOnly</c>: the gateway
/// listens on loopback, so the link opens only on this machine (or through a proxy).
/// </summary>
public sealed record ShareLink(
    string Token,
    string SessionKey,
    string Label,
    bool Live,
    string Path,
    string Url,
    long CreatedAt,
    long ExpiresAt,
    bool LoopbackOnly);

public sealed record SessionsShareResult(ShareLink Share);

public sealed record SessionsUnshareResult(string Token, bool Revoked);

public sealed record SessionsSharesResult(IReadOnlyList<ShareLink> Shares);
