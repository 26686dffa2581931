namespace Cairn.Store;

/// <summary>The steps that organise sessions: a model per session (12), tags and pins (13), templates (16).</summary>
internal static partial class Migrations
{
    /// <summary>
    /// 12: several models: the configured model a session pins (its name; NULL = the default model). A name the
    /// config no longer has is kept: the session falls back to the default, with a notice, until it is pinned again
    /// or cleared.
    /// </summary>
    private const string ModelsStep =
        """
        ALTER TABLE sessions ADD COLUMN model TEXT;
        """;

    /// <summary>
    /// 13: tags and pins: a session's tags as rows (normalised by the service; the index on tag serves the list's tag
    /// filter), counts per tag and shelf kept by triggers (tags.list, and the total of a list by one tag, without
    /// counting), a pinned flag, and a partial index of the pinned sessions in use so the default list's first page
    /// (pinned first) reads them without walking every session
    /// </summary>
    private const string TagsAndPinsStep =
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
        """;

    /// <summary>
    /// 16: templates: named presets for new sessions (name unique case-insensitively, a stable key from its slug;
    /// tags space-separated as normalised by the service; persistent NULL = the session default). Three built-ins are
    /// seeded here, once: editing or deleting one is final, no later start-up brings them back.
    /// </summary>
    private const string TemplatesStep =
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
        """;
}
