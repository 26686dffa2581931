namespace Cairn.Store;

/// <summary>The steps of insight, merge and fork: fork and merge provenance (14), analytics aggregates (15); streaming replies (17).</summary>
internal static partial class Migrations
{
    /// <summary>
    /// 14: fork and merge. A fork records its origin on the row (source key, its conversation, the last seq copied).
    /// A merge is a row in merges (target, whether it made the target, when undone), its sources in merge_sources
    /// (with whether the merge archived each, so an unmerge unarchives only those), and every copied message's origin
    /// in message_origins (source key, conversation and seq), which is also what an unmerge removes
    /// </summary>
    private const string ForkAndMergeStep =
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
        """;

    /// <summary>
    /// 15: analytics (issue 18): aggregate rows kept in the transaction of the writes they count, so reading them
    /// never scans messages. Per session and UTC day: conversation messages, tokens, compactions (summary rows) and
    /// errors (error rows) by a trigger on messages; resets, final and aborted replies by the store writes that make
    /// them. Per UTC day for the gateway: sessions created (a trigger on sessions), switches, blocked resets and
    /// creation errors (their own small writes). One row per finished reply with its timings, for exact medians.
    /// Backfilled here from the stored messages and sessions; what was never stored cannot be: timings, aborted
    /// replies (stored like final ones), switches, blocked resets, creation errors and resets before this step.
    /// </summary>
    private const string AnalyticsStep =
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
        """;

    /// <summary>
    /// 17: a partial index of the replies still being written (<c>reason = 'streaming'</c>, at most one per session and
    /// none at rest): a gateway's start-up looks for the ones its previous process left behind
    /// (<see cref="TranscriptStore.InterruptAllAsync"/>), which read every message of the store before (about 1 s at
    /// 400,000 messages, 3 s at 1,000,000 cold), holding the writer. Costs nothing for the other rows.
    /// </summary>
    internal const string StreamingRepliesStep =
        """
        CREATE INDEX ix_messages_streaming ON messages (reason) WHERE reason = 'streaming';
        """;
}
