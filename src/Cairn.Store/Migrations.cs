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
        // 12: several models: the configured model a session pins (its name; NULL = the default model). A name the config no longer
        // has is kept: the session falls back to the default, with a notice, until it is pinned again or cleared.
        """
        ALTER TABLE sessions ADD COLUMN model TEXT;
        """,
        // 13: tags and pins: a session's tags as rows (normalised by the service; the index on tag serves the list's tag
        // filter), counts per tag and shelf kept by triggers (tags.list, and the total of a list by one tag, without
        // counting), a pinned flag, and a partial index of the pinned sessions in use so the default list's first page
        // (pinned first) reads them without walking every session
        """
        ALTER TABLE sessions ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE session_tags (
            session_key TEXT NOT NULL,
            tag         TEXT NOT NULL,
            PRIMARY KEY (session_key, tag)
        ) WITHOUT ROWID;
        CREATE INDEX ix_session_tags_tag ON session_tags (tag);
        CREATE INDEX ix_sessions_pinned_updated ON sessions (updated_at DESC, key)
            WHERE pinned = 1 AND archived_at IS NULL AND trashed_at IS NULL;
        CREATE TABLE tag_counts (
            tag   TEXT NOT NULL,
            shelf INTEGER NOT NULL,
            n     INTEGER NOT NULL,
            PRIMARY KEY (tag, shelf)
        ) WITHOUT ROWID;
        CREATE TRIGGER tag_counts_insert AFTER INSERT ON session_tags BEGIN
            INSERT INTO tag_counts (tag, shelf, n)
                SELECT new.tag, (CASE WHEN trashed_at IS NOT NULL THEN 2 WHEN archived_at IS NOT NULL THEN 1 ELSE 0 END), 1
                FROM sessions WHERE key = new.session_key
                ON CONFLICT (tag, shelf) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER tag_counts_delete AFTER DELETE ON session_tags BEGIN
            UPDATE tag_counts SET n = n - 1 WHERE tag = old.tag AND shelf =
                (SELECT CASE WHEN trashed_at IS NOT NULL THEN 2 WHEN archived_at IS NOT NULL THEN 1 ELSE 0 END FROM sessions WHERE key = old.session_key);
        END;
        CREATE TRIGGER tag_counts_shelf AFTER UPDATE OF archived_at, trashed_at ON sessions
        WHEN (old.archived_at IS NULL) IS NOT (new.archived_at IS NULL) OR (old.trashed_at IS NULL) IS NOT (new.trashed_at IS NULL) BEGIN
            UPDATE tag_counts SET n = n - 1
            WHERE shelf = (CASE WHEN old.trashed_at IS NOT NULL THEN 2 WHEN old.archived_at IS NOT NULL THEN 1 ELSE 0 END)
                AND tag IN (SELECT tag FROM session_tags WHERE session_key = old.key);
            INSERT INTO tag_counts (tag, shelf, n)
                SELECT tag, (CASE WHEN new.trashed_at IS NOT NULL THEN 2 WHEN new.archived_at IS NOT NULL THEN 1 ELSE 0 END), 1
                FROM session_tags WHERE session_key = new.key
                ON CONFLICT (tag, shelf) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER session_tags_of_deleted BEFORE DELETE ON sessions BEGIN
            DELETE FROM session_tags WHERE session_key = old.key;
        END;
        """,
        // 14: fork and merge. A fork records its origin on the row (source key, its conversation, the last seq copied).
        // A merge is a row in merges (target, whether it made the target, when undone), its sources in merge_sources
        // (with whether the merge archived each, so an unmerge unarchives only those), and every copied message's
        // origin in message_origins (source key, conversation and seq), which is also what an unmerge removes
        """
        ALTER TABLE sessions ADD COLUMN forked_from_key TEXT;
        ALTER TABLE sessions ADD COLUMN forked_from_session_id TEXT;
        ALTER TABLE sessions ADD COLUMN forked_from_seq INTEGER;
        CREATE TABLE merges (
            id                INTEGER PRIMARY KEY,
            target_key        TEXT NOT NULL,
            target_session_id TEXT NOT NULL,
            created_target    INTEGER NOT NULL,
            ordering          TEXT NOT NULL,
            created_at        INTEGER NOT NULL,
            undone_at         INTEGER
        );
        CREATE INDEX ix_merges_target ON merges (target_key, id);
        CREATE TABLE merge_sources (
            merge_id          INTEGER NOT NULL,
            position          INTEGER NOT NULL,
            source_key        TEXT NOT NULL,
            source_session_id TEXT NOT NULL,
            archived_by_merge INTEGER NOT NULL,
            PRIMARY KEY (merge_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE message_origins (
            session_key       TEXT NOT NULL,
            session_id        TEXT NOT NULL,
            seq               INTEGER NOT NULL,
            merge_id          INTEGER NOT NULL,
            source_key        TEXT NOT NULL,
            source_session_id TEXT NOT NULL,
            source_seq        INTEGER NOT NULL,
            PRIMARY KEY (session_key, session_id, seq)
        ) WITHOUT ROWID;
        CREATE INDEX ix_message_origins_merge ON message_origins (merge_id);
        """,
        // 15: analytics (issue 18): aggregate rows kept in the transaction of the writes they count, so reading them never
        // scans messages. Per session and UTC day: conversation messages, tokens, compactions (summary rows) and errors
        // (error rows) by a trigger on messages; resets, final and aborted replies by the store writes that make them.
        // Per UTC day for the gateway: sessions created (a trigger on sessions), switches, blocked resets and creation
        // errors (their own small writes). One row per finished reply with its timings, for exact medians. Backfilled
        // here from the stored messages and sessions; what was never stored cannot be: timings, aborted replies
        // (stored like final ones), switches, blocked resets, creation errors and resets before this step.
        """
        CREATE TABLE stats_session_day (
            session_key     TEXT NOT NULL,
            day             TEXT NOT NULL,
            messages        INTEGER NOT NULL DEFAULT 0,
            input_tokens    INTEGER NOT NULL DEFAULT 0,
            output_tokens   INTEGER NOT NULL DEFAULT 0,
            compactions     INTEGER NOT NULL DEFAULT 0,
            resets          INTEGER NOT NULL DEFAULT 0,
            replies_final   INTEGER NOT NULL DEFAULT 0,
            replies_error   INTEGER NOT NULL DEFAULT 0,
            replies_aborted INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (session_key, day)
        ) WITHOUT ROWID;
        CREATE INDEX ix_stats_session_day_day ON stats_session_day (day, session_key);
        CREATE TABLE stats_gateway_day (
            day              TEXT PRIMARY KEY,
            sessions_created INTEGER NOT NULL DEFAULT 0,
            switches         INTEGER NOT NULL DEFAULT 0,
            resets_blocked   INTEGER NOT NULL DEFAULT 0,
            create_errors    INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE TABLE reply_timings (
            session_key TEXT NOT NULL,
            day         TEXT NOT NULL,
            ttft_ms     INTEGER,
            total_ms    INTEGER NOT NULL
        );
        CREATE INDEX ix_reply_timings_session ON reply_timings (session_key, day);

        INSERT INTO stats_session_day (session_key, day, messages, input_tokens, output_tokens, compactions, replies_final, replies_error)
            SELECT session_key, strftime('%Y-%m-%d', created_at / 1000, 'unixepoch'),
                SUM(role IN ('user', 'assistant')), SUM(COALESCE(input_tokens, 0)), SUM(COALESCE(output_tokens, 0)),
                SUM(role = 'summary'), SUM(role = 'assistant' AND incomplete IS NULL AND run_id IS NOT NULL), SUM(role = 'error')
            FROM messages GROUP BY 1, 2;
        INSERT INTO stats_gateway_day (day, sessions_created)
            SELECT strftime('%Y-%m-%d', created_at / 1000, 'unixepoch'), COUNT(*) FROM sessions GROUP BY 1;

        CREATE TRIGGER stats_message_insert AFTER INSERT ON messages BEGIN
            INSERT INTO stats_session_day (session_key, day, messages, input_tokens, output_tokens, compactions)
                VALUES (new.session_key, strftime('%Y-%m-%d', new.created_at / 1000, 'unixepoch'), new.role IN ('user', 'assistant'),
                    COALESCE(new.input_tokens, 0), COALESCE(new.output_tokens, 0), new.role = 'summary')
            ON CONFLICT (session_key, day) DO UPDATE SET messages = messages + excluded.messages,
                input_tokens = input_tokens + excluded.input_tokens, output_tokens = output_tokens + excluded.output_tokens,
                compactions = compactions + excluded.compactions;
        END;
        CREATE TRIGGER stats_session_insert AFTER INSERT ON sessions BEGIN
            INSERT INTO stats_gateway_day (day, sessions_created) VALUES (strftime('%Y-%m-%d', new.created_at / 1000, 'unixepoch'), 1)
            ON CONFLICT (day) DO UPDATE SET sessions_created = sessions_created + 1;
        END;
        """,
        // 16: templates: named presets for new sessions (name unique case-insensitively, a stable key from its slug; tags
        // space-separated as normalised by the service; persistent NULL = the session default). Three built-ins are seeded
        // here, once: editing or deleting one is final, no later start-up brings them back.
        """
        CREATE TABLE templates (
            key           TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            name_norm     TEXT NOT NULL UNIQUE,
            description   TEXT,
            system_prompt TEXT,
            model         TEXT,
            persistent    INTEGER,
            tags          TEXT NOT NULL DEFAULT '',
            first_message TEXT,
            built_in      INTEGER NOT NULL DEFAULT 0,
            created_at    INTEGER NOT NULL,
            updated_at    INTEGER NOT NULL,
            rev           INTEGER NOT NULL DEFAULT 1
        );
        INSERT INTO templates (key, name, name_norm, description, system_prompt, model, persistent, tags, first_message, built_in, created_at, updated_at)
        VALUES
        ('coding-assistant', 'Coding assistant', 'coding assistant',
         'Debugging, code review and explanations, with code you can run.',
         'You are a careful senior software engineer. Answer with working code first, then a short explanation. Name the language, ' ||
         'version and libraries you assume; prefer the standard library; point out edge cases, security problems and the tests worth ' ||
         'writing. When you are not sure an API exists or behaves as asked, say so instead of guessing. Keep answers short unless asked for depth.',
         NULL, 1, 'code', NULL, 1, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        ('writing-editor', 'Writing editor', 'writing editor',
         'Tightens a draft: clarity, structure and tone, with each important edit explained.',
         'You are an experienced editor. When given a text, return an improved version that keeps the author''s voice and meaning, ' ||
         'then list the most important changes and why. Cut filler, prefer the active voice and concrete words, fix grammar and spelling, ' ||
         'and flag claims that need a source. If the audience or the tone is unclear, ask before rewriting.',
         NULL, 1, 'writing', NULL, 1, CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER)),
        ('daily-journal', 'Daily journal', 'daily journal',
         'A private journal: one gentle question at a time about your day; starts the conversation for you.',
         'You are a thoughtful journaling companion. Ask one open question at a time about the person''s day: what happened, how they ' ||
         'felt, what went well, what they want to remember or change. Reflect back briefly and kindly, never judge, and do not give ' ||
         'medical or legal advice. When asked, end with a short summary of the entry in their own words.',
         NULL, 1, 'journal personal', 'Let''s start today''s journal entry. Ask me your first question.', 1,
         CAST(unixepoch('subsec') * 1000 AS INTEGER), CAST(unixepoch('subsec') * 1000 AS INTEGER));
        """,
    ];

    public static int Latest => Steps.Count;
}
