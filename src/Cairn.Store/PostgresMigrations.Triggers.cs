namespace Cairn.Store;

/// <summary>
/// The trigger-kept rows of step 1, as plpgsql: list totals per shelf (<c>session_counts</c>), tag counts per shelf
/// (<c>tag_counts</c>), a deleted session's tags, and the analytics rows counted on insert — each doing what the SQLite
/// trigger of the same name does, in the transaction of the write.
/// </summary>
internal static partial class PostgresMigrations
{
    private const string Triggers =
        """
        CREATE FUNCTION cairn_shelf(archived_at BIGINT, trashed_at BIGINT) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS
            $$ SELECT CASE WHEN trashed_at IS NOT NULL THEN 2 WHEN archived_at IS NOT NULL THEN 1 ELSE 0 END::BIGINT $$;
        CREATE FUNCTION cairn_day(ms BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS
            $$ SELECT to_char(TIMESTAMP '1970-01-01' + (ms / 1000) * INTERVAL '1 second', 'YYYY-MM-DD') COLLATE "C" $$;

        CREATE FUNCTION session_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('DELETE', 'UPDATE') THEN
                UPDATE session_counts SET n = n - 1
                WHERE shelf = cairn_shelf(OLD.archived_at, OLD.trashed_at) AND persistent = OLD.persistent AND user_created = OLD.user_created;
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                UPDATE session_counts SET n = n + 1
                WHERE shelf = cairn_shelf(NEW.archived_at, NEW.trashed_at) AND persistent = NEW.persistent AND user_created = NEW.user_created;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER session_counts_insert AFTER INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION session_counts_change();
        CREATE TRIGGER session_counts_delete AFTER DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION session_counts_change();
        CREATE TRIGGER session_counts_update AFTER UPDATE OF persistent, user_created, archived_at, trashed_at ON sessions FOR EACH ROW
            WHEN (OLD.persistent IS DISTINCT FROM NEW.persistent OR OLD.user_created IS DISTINCT FROM NEW.user_created
                OR (OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.archived_at IS NULL) OR (OLD.trashed_at IS NULL) IS DISTINCT FROM (NEW.trashed_at IS NULL))
            EXECUTE FUNCTION session_counts_change();

        CREATE FUNCTION tag_counts_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO tag_counts (tag, shelf, n)
                SELECT NEW.tag, cairn_shelf(archived_at, trashed_at), 1 FROM sessions WHERE key = NEW.session_key
                ON CONFLICT (tag, shelf) DO UPDATE SET n = tag_counts.n + 1;
            RETURN NULL;
        END $$;
        CREATE TRIGGER tag_counts_insert AFTER INSERT ON session_tags FOR EACH ROW EXECUTE FUNCTION tag_counts_insert();
        CREATE FUNCTION tag_counts_delete() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE tag_counts SET n = n - 1 WHERE tag = OLD.tag AND shelf =
                (SELECT cairn_shelf(archived_at, trashed_at) FROM sessions WHERE key = OLD.session_key);
            RETURN NULL;
        END $$;
        CREATE TRIGGER tag_counts_delete AFTER DELETE ON session_tags FOR EACH ROW EXECUTE FUNCTION tag_counts_delete();
        CREATE FUNCTION tag_counts_shelf() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE tag_counts SET n = n - 1
            WHERE shelf = cairn_shelf(OLD.archived_at, OLD.trashed_at) AND tag IN (SELECT tag FROM session_tags WHERE session_key = OLD.key);
            INSERT INTO tag_counts (tag, shelf, n)
                SELECT tag, cairn_shelf(NEW.archived_at, NEW.trashed_at), 1 FROM session_tags WHERE session_key = NEW.key
                ON CONFLICT (tag, shelf) DO UPDATE SET n = tag_counts.n + 1;
            RETURN NULL;
        END $$;
        CREATE TRIGGER tag_counts_shelf AFTER UPDATE OF archived_at, trashed_at ON sessions FOR EACH ROW
            WHEN ((OLD.archived_at IS NULL) IS DISTINCT FROM (NEW.archived_at IS NULL) OR (OLD.trashed_at IS NULL) IS DISTINCT FROM (NEW.trashed_at IS NULL))
            EXECUTE FUNCTION tag_counts_shelf();
        CREATE FUNCTION session_tags_of_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM session_tags WHERE session_key = OLD.key;
            RETURN OLD;
        END $$;
        CREATE TRIGGER session_tags_of_deleted BEFORE DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION session_tags_of_deleted();

        CREATE FUNCTION stats_message_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO stats_session_day (session_key, day, messages, input_tokens, output_tokens, compactions)
                VALUES (NEW.session_key, cairn_day(NEW.created_at), CASE WHEN NEW.role IN ('user', 'assistant') THEN 1 ELSE 0 END,
                    COALESCE(NEW.input_tokens, 0), COALESCE(NEW.output_tokens, 0), CASE WHEN NEW.role = 'summary' THEN 1 ELSE 0 END)
            ON CONFLICT (session_key, day) DO UPDATE SET messages = stats_session_day.messages + excluded.messages,
                input_tokens = stats_session_day.input_tokens + excluded.input_tokens,
                output_tokens = stats_session_day.output_tokens + excluded.output_tokens,
                compactions = stats_session_day.compactions + excluded.compactions;
            RETURN NULL;
        END $$;
        CREATE TRIGGER stats_message_insert AFTER INSERT ON messages FOR EACH ROW EXECUTE FUNCTION stats_message_insert();
        CREATE FUNCTION stats_session_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO stats_gateway_day (day, sessions_created) VALUES (cairn_day(NEW.created_at), 1)
            ON CONFLICT (day) DO UPDATE SET sessions_created = stats_gateway_day.sessions_created + 1;
            RETURN NULL;
        END $$;
        CREATE TRIGGER stats_session_insert AFTER INSERT ON sessions FOR EACH ROW EXECUTE FUNCTION stats_session_insert();

        """;

    /// <summary>
    /// Search: words of user and assistant messages and summaries through a GIN index on their tsvector (the
    /// <c>simple</c> configuration, language-neutral like FTS5's tokenizer, with unaccent for its remove_diacritics),
    /// and the sessions' label, key and description through pg_trgm indexes (like SQLite's trigram table).
    /// </summary>
    private const string Search =
        """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE EXTENSION IF NOT EXISTS unaccent;
        CREATE TEXT SEARCH CONFIGURATION cairn_search (COPY = pg_catalog.simple);
        ALTER TEXT SEARCH CONFIGURATION cairn_search ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
        CREATE INDEX ix_messages_search ON messages USING gin (to_tsvector('cairn_search', text)) WHERE role IN ('user', 'assistant', 'summary');
        CREATE INDEX ix_messages_search_order ON messages (created_at DESC) WHERE role IN ('user', 'assistant', 'summary');
        CREATE INDEX ix_sessions_search_label ON sessions USING gin (label_norm gin_trgm_ops);
        CREATE INDEX ix_sessions_search_key ON sessions USING gin (key gin_trgm_ops);
        CREATE INDEX ix_sessions_search_description ON sessions USING gin (lower(description) gin_trgm_ops);

        """;

    /// <summary>The three built-in templates of SQLite's step 16, seeded once.</summary>
    private const string Templates =
        """
        INSERT INTO templates (key, name, name_norm, description, system_prompt, model, persistent, tags, first_message, built_in, created_at, updated_at)
        SELECT t.key, t.name, t.name_norm, t.description, t.system_prompt, NULL, 1, t.tags, t.first_message, 1, now.ms, now.ms
        FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::BIGINT AS ms) now, (VALUES
        ('coding-assistant', 'Coding assistant', 'coding assistant',
         'Debugging, code review and explanations, with code you can run.',
         'You are a careful senior software engineer. Answer with working code first, then a short explanation. Name the language, ' ||
         'version and libraries you assume; prefer the standard library; point out edge cases, security problems and the tests worth ' ||
         'writing. When you are not sure an API exists or behaves as asked, say so instead of guessing. Keep answers short unless asked for depth.',
         'code', NULL, 1),
        ('writing-editor', 'Writing editor', 'writing editor',
         'Tightens a draft: clarity, structure and tone, with each important edit explained.',
         'You are an experienced editor. When given a text, return an improved version that keeps the author''s voice and meaning, ' ||
         'then list the most important changes and why. Cut filler, prefer the active voice and concrete words, fix grammar and spelling, ' ||
         'and flag claims that need a source. If the audience or the tone is unclear, ask before rewriting.',
         'writing', NULL, 2),
        ('daily-journal', 'Daily journal', 'daily journal',
         'A private journal: one gentle question at a time about your day; starts the conversation for you.',
         'You are a thoughtful journaling companion. Ask one open question at a time about the person''s day: what happened, how they ' ||
         'felt, what went well, what they want to remember or change. Reflect back briefly and kindly, never judge, and do not give ' ||
         'medical or legal advice. When asked, end with a short summary of the entry in their own words.',
         'journal personal', 'Let''s start today''s journal entry. Ask me your first question.', 3))
        AS t (key, name, name_norm, description, system_prompt, tags, first_message, ord)
        ORDER BY t.ord;
        """;
}
