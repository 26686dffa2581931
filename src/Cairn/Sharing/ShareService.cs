using System.Text.Json;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Sharing;

/// <summary>A conversation as a share link shows it: the label at share time, when, and the messages.</summary>
public sealed record SharedConversation(string Label, bool Live, long CreatedAt, long ExpiresAt, IReadOnlyList<SharedMessage> Messages, bool Cut);

/// <summary>One message of a shared conversation: only what the page shows.</summary>
public sealed record SharedMessage(string Role, string Text, long CreatedAt);

/// <summary>
/// Read-only share links, for every surface (<c>sessions.share|unshare|shares</c>, the page at <c>/s/&lt;token&gt;</c>).
/// A snapshot keeps the user and assistant messages of the current conversation as they are when shared (at most
/// <see cref="MaxMessages"/>, the latest); a live link reads them when opened. A link shows nothing else: no other
/// session, no summaries, commands or errors, no token; it stops working when revoked, expired, or its session deleted.
/// </summary>
public sealed class ShareService(SessionService sessions, ShareStore shares, TranscriptStore transcripts, ShareAddress address, TimeProvider time)
{
    public const int DefaultDays = 30;
    public const int MaxDays = 365;
    public const int MaxMessages = 5_000;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<Outcome<SessionsShareResult>> ShareAsync(SessionsShareParams p, CancellationToken ct)
    {
        if (sessions.Find(p.Key) is not { } entry)
        {
            return sessions.NotFound(p.Key);
        }

        var now = Now;
        var snapshot = p.Live ? null : JsonSerializer.Serialize(Conversation(entry), ProtocolJson.Options);
        var row = new ShareRow(ShareTokens.New(), entry.Key, entry.Label, p.Live, snapshot, now,
            now + (TimeSpan.FromDays(p.ExpiresInDays ?? DefaultDays).Ticks / TimeSpan.TicksPerMillisecond));
        var stored = await shares.CreateAsync(row, ct);
        return stored.IsOk ? new SessionsShareResult(Link(row)) : sessions.NotFound(p.Key);
    }

    public async Task<Outcome<SessionsUnshareResult>> UnshareAsync(SessionsUnshareParams p, CancellationToken ct) =>
        await shares.DeleteAsync(p.Token, Now, ct)
            ? new SessionsUnshareResult(p.Token, true)
            : NoSuchLink();

    public Outcome<SessionsSharesResult> List(SessionsSharesParams p)
    {
        if (p.Key is { } key && sessions.Find(key) is null)
        {
            return sessions.NotFound(key);
        }

        return new SessionsSharesResult([.. shares.List(p.Key, Now).Select(Link)]);
    }

    /// <summary>What the page at <c>/s/&lt;token&gt;</c> shows, or null when the link does not work (unknown, revoked, expired).</summary>
    public SharedConversation? View(string token)
    {
        if (!ShareTokens.IsWellFormed(token) || shares.Find(token, Now) is not { } row)
        {
            return null;
        }

        if (row.Live)
        {
            return sessions.Find(row.SessionKey) is { } entry ? Shared(row, entry.Label, Conversation(entry)) : null;
        }

        var messages = JsonSerializer.Deserialize<List<SharedMessage>>(row.Snapshot ?? "[]", ProtocolJson.Options) ?? [];
        return Shared(row, row.Label, messages);
    }

    private static SharedConversation Shared(ShareRow row, string label, List<SharedMessage> messages) =>
        new(label, row.Live, row.CreatedAt, row.ExpiresAt, messages, messages.Count >= MaxMessages);

    private List<SharedMessage> Conversation(SessionEntry entry) =>
    [
        .. transcripts.History(entry.Key, entry.SessionId, MaxMessages * 2)
            .Where(m => m.Role is MessageRoles.User or MessageRoles.Assistant)
            .TakeLast(MaxMessages)
            .Select(m => new SharedMessage(m.Role, m.Text, m.CreatedAt)),
    ];

    private ShareLink Link(ShareRow row)
    {
        var path = ShareTokens.PathOf(row.Token);
        return new ShareLink(row.Token, row.SessionKey, row.Label, row.Live, path, address.UrlOf(path), row.CreatedAt, row.ExpiresAt, address.LoopbackOnly);
    }

    private static MethodError NoSuchLink() => MethodError.NotFound(
        "There is no share link with this token: it was revoked, it expired, or its session was deleted.");
}
