using Npgsql;

namespace Cairn.Replicas;

/// <summary>
/// What the replica services share: this replica's id (new on every start, so its own NOTIFYs are recognised) and the
/// PostgreSQL data source they open their connections from.
/// </summary>
public sealed class ReplicaDatabase : IAsyncDisposable
{
    /// <summary>
    /// Seconds of silence before the server probes a replica's connection (TCP keepalives), the probe interval and how many
    /// may go unanswered: a replica whose host died without closing its sockets loses its locks within
    /// 10 + 5 × 3 = 25 s, under the 30 s the fleet promises. A killed process's sockets are closed by its kernel at once.
    /// </summary>
    internal const string KeepaliveOptions = "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 -c tcp_user_timeout=25000";

    public const int ReplicaPoolSize = 10;

    public ReplicaDatabase(string connectionString, string? replicaId = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Npgsql's own keepalive: an idle LISTEN or lock connection notices a dead server within seconds too.
            KeepAlive = 5,
            TcpKeepAlive = true,
        };
        builder.Options = string.IsNullOrEmpty(builder.Options) ? KeepaliveOptions : builder.Options + " " + KeepaliveOptions;

        // The replica tables see a few short commands per run and per large event: a small pool of their own, beside the store's.
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, ReplicaPoolSize);
        Source = NpgsqlDataSource.Create(builder.ConnectionString);
        builder.Pooling = false;
        Dedicated = NpgsqlDataSource.Create(builder.ConnectionString);
        ReplicaId = replicaId ?? Guid.NewGuid().ToString("N")[..12];
    }

    public string ReplicaId { get; }

    /// <summary>Pooled connections for the replica tables' short commands.</summary>
    public NpgsqlDataSource Source { get; }

    /// <summary>Unpooled: the LISTEN and lock connections, each a fresh session of its own (never a pooled one the server dropped).</summary>
    public NpgsqlDataSource Dedicated { get; }

    /// <summary>After a failure: the idle pooled connections may all be dead (the server restarted), so none is handed out again.</summary>
    public void ForgetPooled() => Source.Clear();

    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        await Dedicated.DisposeAsync();
    }
}
