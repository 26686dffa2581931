namespace Cairn.Store;

/// <summary>How a table is copied by <see cref="StoreMigrator"/>.</summary>
public enum CopyKind
{
    /// <summary>Rows copied as they are (the target's triggers fire and keep its own derived rows).</summary>
    Rows,

    /// <summary>The target's rows deleted first in the same transaction: seed rows (built-in templates) or rows the target's triggers made while earlier tables were copied (analytics).</summary>
    ReplaceTargetRows,
}

/// <summary>A table of the store contract, the columns that give it a stable order, and how it is copied.</summary>
public sealed record MigrationTable(string Name, string OrderBy, CopyKind Kind = CopyKind.Rows);

/// <summary>
/// The tables <c>cairn store migrate</c> copies, in order: sessions before the rows that point at them, messages in
/// write order (so SQLite's search ids, made by its triggers as the rows arrive, run newest first as they do when
/// written live), the analytics tables last (the target's triggers count sessions and messages as they are copied; the
/// source's rows replace those counts). Derived rows are not copied but rebuilt on the target: SQLite's full-text
/// tables (by its triggers), PostgreSQL's search indexes (by the server), list totals and tag counts
/// (<see cref="StoreMigrator"/> recounts them at the end).
/// </summary>
public static class MigrationTables
{
    public static readonly IReadOnlyList<MigrationTable> All =
    [
        new("meta", "name"),
        new("templates", "key", CopyKind.ReplaceTargetRows),
        new("sessions", "key"),
        new("session_tags", "session_key, tag"),
        new("messages", "created_at, session_key, session_id, seq"),
        new("session_aliases", "alias"),
        new("peer_bindings", "peer"),
        new("chat_requests", "session_key, idempotency_key"),
        new("shares", "token"),
        new("merges", "id"),
        new("merge_sources", "merge_id, position"),
        new("message_origins", "session_key, session_id, seq"),
        new("stats_session_day", "session_key, day", CopyKind.ReplaceTargetRows),
        new("stats_gateway_day", "day", CopyKind.ReplaceTargetRows),
        new("reply_timings", "session_key, day, total_ms, ttft_ms", CopyKind.ReplaceTargetRows),
    ];

    /// <summary>Tables that are derived from the copied ones and rebuilt on the target instead of copied.</summary>
    public static readonly IReadOnlyList<string> Rebuilt = ["session_counts", "tag_counts"];

    /// <summary>
    /// Tables of one engine only, never copied: SQLite's full-text index and its ids, PostgreSQL's schema record and the
    /// replicas' transient rows (run leases, event payloads), and the migration's own progress table.
    /// </summary>
    public static readonly IReadOnlyList<string> EngineOwn =
    [
        "session_search", "session_search_ids", "message_search", "message_search_ids", "cairn_schema", "cairn_runs",
        "cairn_event_payloads", StoreMigrator.ProgressTable,
    ];
}
