namespace Cairn.Store;

/// <summary>
/// Numbered schema migrations of the PostgreSQL store, a list of their own (the SQLite steps are in
/// <see cref="Migrations"/>). Step 1 is the SQLite schema as of its step 16, with the same tables, columns and counters,
/// so every store reads both with one code path: integers are BIGINT (booleans 0/1, times in ms), text is
/// <c>COLLATE "C"</c> (byte order, like SQLite's BINARY: keyset cursors and prefix ranges work alike), and the
/// trigger-kept counters are plpgsql triggers doing what SQLite's do. Search needs no triggers here: a GIN index on the
/// messages' tsvector and pg_trgm indexes on the session columns. <c>cairn_schema</c> records the applied steps; never
/// edit a shipped step: add one.
/// </summary>
internal static partial class PostgresMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: the whole schema of SQLite's steps 1–16 (PostgresMigrations.Schema.cs, PostgresMigrations.Triggers.cs)
        Schema + Triggers + Search + Templates,

        // 2: the replicas' shared tables, until then created by each replica at start (PostgresMigrations.Replicas.cs)
        Replicas,

        // 3: the replies still streaming, found without reading every message (SQLite's step 17)
        Migrations.StreamingRepliesStep,
    ];

    public static int Latest => Steps.Count;
}
