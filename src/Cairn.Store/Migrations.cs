namespace Cairn.Store;

/// <summary>
/// Numbered schema migrations. The database's <c>PRAGMA user_version</c> is the number of the last one
/// applied; start-up applies the rest, each in its own transaction. Never edit a shipped step: add one.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: sessions and transcripts
        """
        CREATE TABLE sessions (
            key             TEXT PRIMARY KEY,
            session_id      TEXT NOT NULL,
            label           TEXT NOT NULL,
            label_norm      TEXT NOT NULL UNIQUE,
            description     TEXT,
            persistent      INTEGER NOT NULL,
            user_created    INTEGER NOT NULL,
            kind            TEXT NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            last_message_at INTEGER,
            message_count   INTEGER NOT NULL DEFAULT 0,
            input_tokens    INTEGER NOT NULL DEFAULT 0,
            output_tokens   INTEGER NOT NULL DEFAULT 0,
            rev             INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX ix_sessions_updated ON sessions (updated_at DESC, key);
        CREATE INDEX ix_sessions_created ON sessions (created_at DESC, key);
        CREATE TABLE messages (
            session_key   TEXT NOT NULL,
            session_id    TEXT NOT NULL,
            seq           INTEGER NOT NULL,
            role          TEXT NOT NULL,
            text          TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            input_tokens  INTEGER,
            output_tokens INTEGER,
            PRIMARY KEY (session_key, session_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
        // 2: per-session system prompt
        """
        ALTER TABLE sessions ADD COLUMN system_prompt TEXT;
        """,
        // 3: active-session bindings of URL-less surfaces, and idempotency keys of chat.send
        """
        CREATE TABLE peer_bindings (
            peer       TEXT PRIMARY KEY,
            key        TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE TABLE chat_requests (
            idempotency_key TEXT PRIMARY KEY,
            session_key     TEXT NOT NULL,
            run_id          TEXT NOT NULL,
            created_at      INTEGER NOT NULL
        );
        """,
        // 4: which run wrote a message, so a retried chat.send can find its reply
        """
        ALTER TABLE messages ADD COLUMN run_id TEXT;
        """,
        // 5: imports of older stores: their keys kept as aliases, and the fields Cairn does not know kept as JSON
        """
        CREATE TABLE session_aliases (
            alias      TEXT PRIMARY KEY,
            key        TEXT NOT NULL,
            source     TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX ix_session_aliases_key ON session_aliases (key);
        CREATE INDEX ix_session_aliases_nocase ON session_aliases (alias COLLATE NOCASE);
        ALTER TABLE sessions ADD COLUMN extra TEXT;
        """,
    ];

    public static int Latest => Steps.Count;
}
