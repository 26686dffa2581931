namespace Cairn.Store;

/// <summary>
/// Numbered schema migrations. The database's <c>PRAGMA user_version</c> is the number of the last one
/// applied; start-up applies the rest, each in its own transaction. Never edit a shipped step: add one.
/// </summary>
internal static partial class Migrations
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
        // 6: list at any size: totals kept by triggers (no COUNT(*) per page), indexes for the persistent and
        // userCreated filters and for the reset sweep, and a trigram full-text index for search (with ids of its
        // own: sessions has no stable rowid)
        """
        CREATE TABLE session_counts (
            persistent   INTEGER NOT NULL,
            user_created INTEGER NOT NULL,
            n            INTEGER NOT NULL,
            PRIMARY KEY (persistent, user_created)
        ) WITHOUT ROWID;
        INSERT INTO session_counts (persistent, user_created, n)
            SELECT p.v, u.v, (SELECT COUNT(*) FROM sessions WHERE persistent = p.v AND user_created = u.v)
            FROM (SELECT 0 AS v UNION ALL SELECT 1) AS p, (SELECT 0 AS v UNION ALL SELECT 1) AS u;
        CREATE TRIGGER session_counts_insert AFTER INSERT ON sessions BEGIN
            UPDATE session_counts SET n = n + 1 WHERE persistent = new.persistent AND user_created = new.user_created;
        END;
        CREATE TRIGGER session_counts_delete AFTER DELETE ON sessions BEGIN
            UPDATE session_counts SET n = n - 1 WHERE persistent = old.persistent AND user_created = old.user_created;
        END;
        CREATE TRIGGER session_counts_update AFTER UPDATE OF persistent, user_created ON sessions
        WHEN old.persistent IS NOT new.persistent OR old.user_created IS NOT new.user_created BEGIN
            UPDATE session_counts SET n = n - 1 WHERE persistent = old.persistent AND user_created = old.user_created;
            UPDATE session_counts SET n = n + 1 WHERE persistent = new.persistent AND user_created = new.user_created;
        END;

        CREATE INDEX ix_sessions_persistent_updated ON sessions (persistent, updated_at DESC, key);
        CREATE INDEX ix_sessions_user_created_updated ON sessions (user_created, updated_at DESC, key);
        CREATE INDEX ix_sessions_reset_due ON sessions (persistent, last_message_at);

        CREATE TABLE session_search_ids (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
        CREATE VIRTUAL TABLE session_search USING fts5 (
            label, key, description, content = '', contentless_delete = 1, tokenize = 'trigram');
        INSERT INTO session_search_ids (key) SELECT key FROM sessions;
        INSERT INTO session_search (rowid, label, key, description)
            SELECT i.id, s.label_norm, s.key, s.description FROM sessions s JOIN session_search_ids i ON i.key = s.key;
        CREATE TRIGGER session_search_insert AFTER INSERT ON sessions BEGIN
            INSERT INTO session_search_ids (key) VALUES (new.key);
            INSERT INTO session_search (rowid, label, key, description)
                SELECT id, new.label_norm, new.key, new.description FROM session_search_ids WHERE key = new.key;
        END;
        CREATE TRIGGER session_search_delete AFTER DELETE ON sessions BEGIN
            DELETE FROM session_search WHERE rowid = (SELECT id FROM session_search_ids WHERE key = old.key);
            DELETE FROM session_search_ids WHERE key = old.key;
        END;
        CREATE TRIGGER session_search_update AFTER UPDATE OF key, label_norm, description ON sessions
        WHEN old.key IS NOT new.key OR old.label_norm IS NOT new.label_norm OR old.description IS NOT new.description BEGIN
            UPDATE session_search_ids SET key = new.key WHERE key = old.key;
            DELETE FROM session_search WHERE rowid = (SELECT id FROM session_search_ids WHERE key = new.key);
            INSERT INTO session_search (rowid, label, key, description)
                SELECT id, new.label_norm, new.key, new.description FROM session_search_ids WHERE key = new.key;
        END;
        """,
        // 7: conversations that last: per-row token counts (counted once at write time, for the context budget),
        // compaction summaries (the seq range they stand for), failed turns (reason) and cut replies (incomplete),
        // and the context meter (the last prompt's size and the window it was budgeted for)
        """
        ALTER TABLE messages ADD COLUMN token_count INTEGER;
        ALTER TABLE messages ADD COLUMN incomplete INTEGER;
        ALTER TABLE messages ADD COLUMN covers_from INTEGER;
        ALTER TABLE messages ADD COLUMN covers_to INTEGER;
        ALTER TABLE messages ADD COLUMN reason TEXT;
        ALTER TABLE sessions ADD COLUMN context_tokens INTEGER;
        ALTER TABLE sessions ADD COLUMN context_window INTEGER;
        """,
        // 8: read-only share links: a snapshot of the conversation at share time (messages as JSON), or live
        """
        CREATE TABLE shares (
            token       TEXT PRIMARY KEY,
            session_key TEXT NOT NULL,
            label       TEXT NOT NULL,
            live        INTEGER NOT NULL,
            snapshot    TEXT,
            created_at  INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_shares_session ON shares (session_key, created_at);
        """,
        // 9: idempotency keys scoped to their session (they were global: a key reused in another session answered
        // with that session's run), with a hash of the message so a reuse with another message can be refused
        """
        CREATE TABLE chat_requests_scoped (
            session_key     TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            run_id          TEXT NOT NULL,
            message_sha256  TEXT,
            created_at      INTEGER NOT NULL,
            PRIMARY KEY (session_key, idempotency_key)
        );
        INSERT INTO chat_requests_scoped (session_key, idempotency_key, run_id, created_at)
            SELECT session_key, idempotency_key, run_id, created_at FROM chat_requests;
        DROP TABLE chat_requests;
        ALTER TABLE chat_requests_scoped RENAME TO chat_requests;
        """,
        // 10: archive and trash: a time on the row for each (nothing else moves); list totals per shelf (in use,
        // archived, trashed; a trashed session counts only in the trash), so the default list's total leaves both out;
        // the in-use list's indexes (and the reset sweep's) made partial, so that sessions archived or deleted just now
        // (at the top of the updated order) are not walked past on every first page; partial indexes for the archived
        // and trashed lists and for the trash's retention sweep
        """
        ALTER TABLE sessions ADD COLUMN archived_at INTEGER;
        ALTER TABLE sessions ADD COLUMN trashed_at INTEGER;

        DROP TRIGGER session_counts_insert;
        DROP TRIGGER session_counts_delete;
        DROP TRIGGER session_counts_update;
        DROP TABLE session_counts;
        CREATE TABLE session_counts (
            shelf        INTEGER NOT NULL,
            persistent   INTEGER NOT NULL,
            user_created INTEGER NOT NULL,
            n            INTEGER NOT NULL,
            PRIMARY KEY (shelf, persistent, user_created)
        ) WITHOUT ROWID;
        INSERT INTO session_counts (shelf, persistent, user_created, n)
            SELECT f.v, p.v, u.v, (SELECT COUNT(*) FROM sessions WHERE persistent = p.v AND user_created = u.v
                AND (CASE WHEN trashed_at IS NOT NULL THEN 2 WHEN archived_at IS NOT NULL THEN 1 ELSE 0 END) = f.v)
            FROM (SELECT 0 AS v UNION ALL SELECT 1 UNION ALL SELECT 2) AS f, (SELECT 0 AS v UNION ALL SELECT 1) AS p,
                (SELECT 0 AS v UNION ALL SELECT 1) AS u;
        CREATE TRIGGER session_counts_insert AFTER INSERT ON sessions BEGIN
            UPDATE session_counts SET n = n + 1
            WHERE shelf = (CASE WHEN new.trashed_at IS NOT NULL THEN 2 WHEN new.archived_at IS NOT NULL THEN 1 ELSE 0 END)
                AND persistent = new.persistent AND user_created = new.user_created;
        END;
        CREATE TRIGGER session_counts_delete AFTER DELETE ON sessions BEGIN
            UPDATE session_counts SET n = n - 1
            WHERE shelf = (CASE WHEN old.trashed_at IS NOT NULL THEN 2 WHEN old.archived_at IS NOT NULL THEN 1 ELSE 0 END)
                AND persistent = old.persistent AND user_created = old.user_created;
        END;
        CREATE TRIGGER session_counts_update AFTER UPDATE OF persistent, user_created, archived_at, trashed_at ON sessions
        WHEN old.persistent IS NOT new.persistent OR old.user_created IS NOT new.user_created
            OR (old.archived_at IS NULL) IS NOT (new.archived_at IS NULL) OR (old.trashed_at IS NULL) IS NOT (new.trashed_at IS NULL) BEGIN
            UPDATE session_counts SET n = n - 1
            WHERE shelf = (CASE WHEN old.trashed_at IS NOT NULL THEN 2 WHEN old.archived_at IS NOT NULL THEN 1 ELSE 0 END)
                AND persistent = old.persistent AND user_created = old.user_created;
            UPDATE session_counts SET n = n + 1
            WHERE shelf = (CASE WHEN new.trashed_at IS NOT NULL THEN 2 WHEN new.archived_at IS NOT NULL THEN 1 ELSE 0 END)
                AND persistent = new.persistent AND user_created = new.user_created;
        END;

        DROP INDEX ix_sessions_updated;
        DROP INDEX ix_sessions_persistent_updated;
        DROP INDEX ix_sessions_user_created_updated;
        DROP INDEX ix_sessions_reset_due;
        CREATE INDEX ix_sessions_updated ON sessions (updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_persistent_updated ON sessions (persistent, updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_user_created_updated ON sessions (user_created, updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_reset_due ON sessions (persistent, last_message_at) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_archived_updated ON sessions (updated_at DESC, key) WHERE archived_at IS NOT NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_trashed_updated ON sessions (updated_at DESC, key) WHERE trashed_at IS NOT NULL;
        CREATE INDEX ix_sessions_trashed_at ON sessions (trashed_at) WHERE trashed_at IS NOT NULL;
        """,
        // 11: search across every conversation: a full-text index over the text of user and assistant messages and
        // compaction summaries of every generation (commands, notices and errors are not indexed), kept by triggers
        // in the transaction of the write. Contentless (the text stays in messages only), with ids of its own
        // (messages has no rowid) that go DOWN as messages are written, so the index's natural ascending order is
        // newest first and a search can stop after the newest matches without reading a word's whole list. Word
        // tokens without diacritics, and 2- and 3-character prefix indexes for "word*"
        """
        CREATE TABLE message_search_ids (
            id          INTEGER PRIMARY KEY,
            session_key TEXT NOT NULL,
            session_id  TEXT NOT NULL,
            seq         INTEGER NOT NULL,
            UNIQUE (session_key, session_id, seq)
        );
        CREATE VIRTUAL TABLE message_search USING fts5 (
            text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
        INSERT INTO message_search_ids (id, session_key, session_id, seq)
            SELECT -ROW_NUMBER() OVER (ORDER BY created_at, session_key, session_id, seq), session_key, session_id, seq
            FROM messages WHERE role IN ('user', 'assistant', 'summary');
        INSERT INTO message_search (rowid, text)
            SELECT i.id, m.text FROM message_search_ids i
            JOIN messages m ON m.session_key = i.session_key AND m.session_id = i.session_id AND m.seq = i.seq;
        CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.role IN ('user', 'assistant', 'summary') BEGIN
            INSERT INTO message_search_ids (id, session_key, session_id, seq)
                VALUES ((SELECT COALESCE(MIN(id), 0) - 1 FROM message_search_ids), new.session_key, new.session_id, new.seq);
            INSERT INTO message_search (rowid, text) VALUES (last_insert_rowid(), new.text);
        END;
        CREATE TRIGGER message_search_delete AFTER DELETE ON messages WHEN old.role IN ('user', 'assistant', 'summary') BEGIN
            DELETE FROM message_search WHERE rowid =
                (SELECT id FROM message_search_ids WHERE session_key = old.session_key AND session_id = old.session_id AND seq = old.seq);
            DELETE FROM message_search_ids WHERE session_key = old.session_key AND session_id = old.session_id AND seq = old.seq;
        END;
        CREATE TRIGGER message_search_update AFTER UPDATE OF text ON messages WHEN old.role IN ('user', 'assistant', 'summary') BEGIN
            DELETE FROM message_search WHERE rowid =
                (SELECT id FROM message_search_ids WHERE session_key = old.session_key AND session_id = old.session_id AND seq = old.seq);
            INSERT INTO message_search (rowid, text)
                SELECT id, new.text FROM message_search_ids WHERE session_key = old.session_key AND session_id = old.session_id AND seq = old.seq;
        END;
        """,
        // 12: several models (Migrations.Organising.cs)
        ModelsStep,
        // 13: tags and pins (Migrations.Organising.cs)
        TagsAndPinsStep,
        // 14: fork and merge (Migrations.Insight.cs)
        ForkAndMergeStep,
        // 15: analytics (Migrations.Insight.cs)
        AnalyticsStep,
        // 16: templates (Migrations.Organising.cs)
        TemplatesStep,
        // 17: the replies still streaming, found at start-up without reading every message (Migrations.Insight.cs)
        StreamingRepliesStep,
    ];

    public static int Latest => Steps.Count;
}
