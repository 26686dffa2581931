namespace Cairn.Replicas;

/// <summary>
/// The tables the replicas share on PostgreSQL beside the store's own: event payloads too large for a NOTIFY, and which
/// run holds each session's lease. Idempotent (<c>IF NOT EXISTS</c>), applied by every replica when its replica
/// services start, so a replica needs nothing from the store's migrations; to be folded into those.
/// </summary>
public static class ReplicaSchema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS cairn_event_payloads (
            id          bigserial PRIMARY KEY,
            created_at  timestamptz NOT NULL DEFAULT now(),
            body        text NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_cairn_event_payloads_created ON cairn_event_payloads (created_at);
        CREATE TABLE IF NOT EXISTS cairn_runs (
            session_key text PRIMARY KEY,
            run_id      text NOT NULL,
            replica_id  text NOT NULL,
            kind        text NOT NULL,
            started_at  bigint NOT NULL
        );
        """;

    /// <summary>Applies <see cref="Sql"/> under a transaction-scoped advisory lock, so replicas starting together do not race on the DDL.</summary>
    public static async Task ApplyAsync(Npgsql.NpgsqlDataSource source, CancellationToken ct)
    {
        await using var connection = await source.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(@k)", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("k", AdvisoryKeys.Schema);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        await using (var ddl = new Npgsql.NpgsqlCommand(Sql, connection, tx))
        {
            await ddl.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
    }
}
