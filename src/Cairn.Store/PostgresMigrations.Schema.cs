namespace Cairn.Store;

/// <summary>The tables and indexes of step 1, column for column those of the SQLite store.</summary>
internal static partial class PostgresMigrations
{
    /// <summary>The rows an empty store starts with: a zero total per shelf, persistence and origin.</summary>
    private const string SessionCountsSeed =
        """
        INSERT INTO session_counts (shelf, persistent, user_created, n)
            SELECT f, p, u, 0 FROM generate_series(0, 2) f, generate_series(0, 1) p, generate_series(0, 1) u;
        """;

    /// <summary>What step 1 puts in an empty store (the counters' zero rows and the built-in templates), for tests that empty one.</summary>
    internal const string Seed = SessionCountsSeed + "\n" + Templates;

    private const string Schema =
        $$"""
        CREATE TABLE sessions (
            key                    TEXT COLLATE "C" PRIMARY KEY,
            session_id             TEXT COLLATE "C" NOT NULL,
            label                  TEXT COLLATE "C" NOT NULL,
            label_norm             TEXT COLLATE "C" NOT NULL UNIQUE,
            description            TEXT COLLATE "C",
            persistent             BIGINT NOT NULL,
            user_created           BIGINT NOT NULL,
            kind                   TEXT COLLATE "C" NOT NULL,
            created_at             BIGINT NOT NULL,
            updated_at             BIGINT NOT NULL,
            last_message_at        BIGINT,
            message_count          BIGINT NOT NULL DEFAULT 0,
            input_tokens           BIGINT NOT NULL DEFAULT 0,
            output_tokens          BIGINT NOT NULL DEFAULT 0,
            rev                    BIGINT NOT NULL DEFAULT 1,
            system_prompt          TEXT COLLATE "C",
            extra                  TEXT COLLATE "C",
            context_tokens         BIGINT,
            context_window         BIGINT,
            archived_at            BIGINT,
            trashed_at             BIGINT,
            model                  TEXT COLLATE "C",
            pinned                 BIGINT NOT NULL DEFAULT 0,
            forked_from_key        TEXT COLLATE "C",
            forked_from_session_id TEXT COLLATE "C",
            forked_from_seq        BIGINT
        );
        CREATE INDEX ix_sessions_created ON sessions (created_at DESC, key);
        CREATE INDEX ix_sessions_updated ON sessions (updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_persistent_updated ON sessions (persistent, updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_user_created_updated ON sessions (user_created, updated_at DESC, key) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_reset_due ON sessions (persistent, last_message_at) WHERE archived_at IS NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_archived_updated ON sessions (updated_at DESC, key) WHERE archived_at IS NOT NULL AND trashed_at IS NULL;
        CREATE INDEX ix_sessions_trashed_updated ON sessions (updated_at DESC, key) WHERE trashed_at IS NOT NULL;
        CREATE INDEX ix_sessions_trashed_at ON sessions (trashed_at) WHERE trashed_at IS NOT NULL;
        CREATE INDEX ix_sessions_pinned_updated ON sessions (updated_at DESC, key) WHERE pinned = 1 AND archived_at IS NULL AND trashed_at IS NULL;

        CREATE TABLE messages (
            session_key   TEXT COLLATE "C" NOT NULL,
            session_id    TEXT COLLATE "C" NOT NULL,
            seq           BIGINT NOT NULL,
            role          TEXT COLLATE "C" NOT NULL,
            text          TEXT COLLATE "C" NOT NULL,
            created_at    BIGINT NOT NULL,
            input_tokens  BIGINT,
            output_tokens BIGINT,
            run_id        TEXT COLLATE "C",
            token_count   BIGINT,
            incomplete    BIGINT,
            covers_from   BIGINT,
            covers_to     BIGINT,
            reason        TEXT COLLATE "C",
            PRIMARY KEY (session_key, session_id, seq)
        );
        CREATE TABLE meta (name TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);
        CREATE TABLE peer_bindings (
            peer       TEXT COLLATE "C" PRIMARY KEY,
            key        TEXT COLLATE "C" NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE chat_requests (
            session_key     TEXT COLLATE "C" NOT NULL,
            idempotency_key TEXT COLLATE "C" NOT NULL,
            run_id          TEXT COLLATE "C" NOT NULL,
            message_sha256  TEXT COLLATE "C",
            created_at      BIGINT NOT NULL,
            PRIMARY KEY (session_key, idempotency_key)
        );
        CREATE TABLE session_aliases (
            alias      TEXT COLLATE "C" PRIMARY KEY,
            key        TEXT COLLATE "C" NOT NULL,
            source     TEXT COLLATE "C" NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE INDEX ix_session_aliases_key ON session_aliases (key);
        CREATE INDEX ix_session_aliases_lower ON session_aliases (lower(alias));
        CREATE TABLE shares (
            token       TEXT COLLATE "C" PRIMARY KEY,
            session_key TEXT COLLATE "C" NOT NULL,
            label       TEXT COLLATE "C" NOT NULL,
            live        BIGINT NOT NULL,
            snapshot    TEXT COLLATE "C",
            created_at  BIGINT NOT NULL,
            expires_at  BIGINT NOT NULL
        );
        CREATE INDEX ix_shares_session ON shares (session_key, created_at);

        CREATE TABLE session_counts (
            shelf        BIGINT NOT NULL,
            persistent   BIGINT NOT NULL,
            user_created BIGINT NOT NULL,
            n            BIGINT NOT NULL,
            PRIMARY KEY (shelf, persistent, user_created)
        );

        {{SessionCountsSeed}}
        CREATE TABLE session_tags (
            session_key TEXT COLLATE "C" NOT NULL,
            tag         TEXT COLLATE "C" NOT NULL,
            PRIMARY KEY (session_key, tag)
        );
        CREATE INDEX ix_session_tags_tag ON session_tags (tag);
        CREATE TABLE tag_counts (
            tag   TEXT COLLATE "C" NOT NULL,
            shelf BIGINT NOT NULL,
            n     BIGINT NOT NULL,
            PRIMARY KEY (tag, shelf)
        );

        CREATE TABLE merges (
            id                BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            target_key        TEXT COLLATE "C" NOT NULL,
            target_session_id TEXT COLLATE "C" NOT NULL,
            created_target    BIGINT NOT NULL,
            ordering          TEXT COLLATE "C" NOT NULL,
            created_at        BIGINT NOT NULL,
            undone_at         BIGINT
        );
        CREATE INDEX ix_merges_target ON merges (target_key, id);
        CREATE TABLE merge_sources (
            merge_id          BIGINT NOT NULL,
            position          BIGINT NOT NULL,
            source_key        TEXT COLLATE "C" NOT NULL,
            source_session_id TEXT COLLATE "C" NOT NULL,
            archived_by_merge BIGINT NOT NULL,
            PRIMARY KEY (merge_id, position)
        );
        CREATE TABLE message_origins (
            session_key       TEXT COLLATE "C" NOT NULL,
            session_id        TEXT COLLATE "C" NOT NULL,
            seq               BIGINT NOT NULL,
            merge_id          BIGINT NOT NULL,
            source_key        TEXT COLLATE "C" NOT NULL,
            source_session_id TEXT COLLATE "C" NOT NULL,
            source_seq        BIGINT NOT NULL,
            PRIMARY KEY (session_key, session_id, seq)
        );
        CREATE INDEX ix_message_origins_merge ON message_origins (merge_id);

        CREATE TABLE stats_session_day (
            session_key     TEXT COLLATE "C" NOT NULL,
            day             TEXT COLLATE "C" NOT NULL,
            messages        BIGINT NOT NULL DEFAULT 0,
            input_tokens    BIGINT NOT NULL DEFAULT 0,
            output_tokens   BIGINT NOT NULL DEFAULT 0,
            compactions     BIGINT NOT NULL DEFAULT 0,
            resets          BIGINT NOT NULL DEFAULT 0,
            replies_final   BIGINT NOT NULL DEFAULT 0,
            replies_error   BIGINT NOT NULL DEFAULT 0,
            replies_aborted BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (session_key, day)
        );
        CREATE INDEX ix_stats_session_day_day ON stats_session_day (day, session_key);
        CREATE TABLE stats_gateway_day (
            day              TEXT COLLATE "C" PRIMARY KEY,
            sessions_created BIGINT NOT NULL DEFAULT 0,
            switches         BIGINT NOT NULL DEFAULT 0,
            resets_blocked   BIGINT NOT NULL DEFAULT 0,
            create_errors    BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE reply_timings (
            session_key TEXT COLLATE "C" NOT NULL,
            day         TEXT COLLATE "C" NOT NULL,
            ttft_ms     BIGINT,
            total_ms    BIGINT NOT NULL
        );
        CREATE INDEX ix_reply_timings_session ON reply_timings (session_key, day);

        CREATE TABLE templates (
            key           TEXT COLLATE "C" PRIMARY KEY,
            name          TEXT COLLATE "C" NOT NULL,
            name_norm     TEXT COLLATE "C" NOT NULL UNIQUE,
            description   TEXT COLLATE "C",
            system_prompt TEXT COLLATE "C",
            model         TEXT COLLATE "C",
            persistent    BIGINT,
            tags          TEXT COLLATE "C" NOT NULL DEFAULT '',
            first_message TEXT COLLATE "C",
            built_in      BIGINT NOT NULL DEFAULT 0,
            created_at    BIGINT NOT NULL,
            updated_at    BIGINT NOT NULL,
            rev           BIGINT NOT NULL DEFAULT 1
        );

        """;
}
