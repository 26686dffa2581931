namespace Cairn.Store;

internal static partial class PostgresMigrations
{
    /// <summary>
    /// Step 2: the tables the replicas of a fleet share beside the store's own — event payloads too large for a NOTIFY,
    /// and which run holds each session's lease. Before this step every replica created them at start, outside
    /// <c>cairn_schema</c>; <c>IF NOT EXISTS</c> keeps a database made then (the tables already there, with rows) as it is.
    /// </summary>
    private const string Replicas =
        """
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
}
