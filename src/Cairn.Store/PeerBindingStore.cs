namespace Cairn.Store;

/// <summary>
/// The active session of a surface without a URL (<c>cairn chat</c>, an API client passing <c>peer</c>),
/// kept in the store so that <c>/session switch</c> survives restarts. No binding means <c>main</c>.
/// </summary>
public sealed class PeerBindingStore(CairnDatabase db)
{
    public const int MaxPeerLength = 128;

    public string ActiveKey(string peer) => db.Read(c =>
    {
        using var command = c.Command("SELECT b.key FROM peer_bindings b JOIN sessions s ON s.key = b.key WHERE b.peer = @peer AND s.trashed_at IS NULL").With("@peer", peer);
        return command.ExecuteScalar() as string ?? SessionNames.MainKey;
    });

    public Task BindAsync(string peer, string key, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        using var command = c.Command(
            "INSERT INTO peer_bindings (peer, key, updated_at) VALUES (@peer, @key, @now) " +
            "ON CONFLICT (peer) DO UPDATE SET key = excluded.key, updated_at = excluded.updated_at", tx)
            .With("@peer", peer).With("@key", key).With("@now", now);
        return command.ExecuteNonQuery();
    }, ct);

    /// <summary>How many surfaces have bound a session (for the sessions-per-peer metric).</summary>
    public int Count() => db.Read(c =>
    {
        using var command = c.Command("SELECT COUNT(*) FROM peer_bindings");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    });
}
