using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// Writes sessions read from an older store. A batch is one transaction: an interrupted import leaves
/// nothing behind, and the run-once record in <c>meta</c> commits with the sessions. Each old key is
/// recorded as an alias, so importing the same session again finds it instead of making a copy: a session
/// imported before is never changed, only transcript generations it lacks are added.
/// </summary>
public sealed class ImportStore(CairnDatabase db)
{
    public string? GetMeta(string name) => db.Read(c =>
    {
        using var command = c.Command("SELECT value FROM meta WHERE name = @name").With("@name", name);
        return command.ExecuteScalar() as string;
    });

    public Task<IReadOnlyList<ImportedRow>> ImportAsync(ImportBatch batch, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var rows = new List<ImportedRow>(batch.Sessions.Count);
        foreach (var session in batch.Sessions.OrderBy(Rank))
        {
            ct.ThrowIfCancellationRequested();
            rows.Add(ImportOne(c, tx, session, batch.Source, now));
            batch.Progress?.Invoke(rows.Count);
        }

        if (batch.MetaName is { } name)
        {
            using var meta = c.Command("INSERT INTO meta (name, value) VALUES (@name, @value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", tx)
                .With("@name", name).With("@value", batch.MetaValue ?? "");
            meta.ExecuteNonQuery();
        }

        return (IReadOnlyList<ImportedRow>)rows;
    }, ct);

    /// <summary>
    /// Main first, then old keys that are valid Cairn keys (they keep them), then the rest, whose slugs take
    /// what is left: otherwise "Work Stuff" → work-stuff could take the key a later "work-stuff" entry has.
    /// </summary>
    private static int Rank(ImportedSession s) =>
        s.PreferredKey == SessionNames.MainKey ? 0 : s.PreferredKey == s.SourceKey ? 1 : 2;

    private static ImportedRow ImportOne(DbConnection c, DbTransaction tx, ImportedSession s, string source, long now)
    {
        if (AliasTarget(c, tx, s.SourceKey) is { } earlier)
        {
            var (messages, generations) = WriteGenerations(c, tx, earlier, s.Generations);
            return new ImportedRow(s.SourceKey, earlier.Key, earlier.Label, generations > 0 ? ImportAction.Updated : ImportAction.Unchanged, messages, generations);
        }

        // Only one old entry merges into main (an old store may have both "main" and "agent:main:main");
        // a second one becomes a session of its own (main-2).
        var row = s.PreferredKey == SessionNames.MainKey && SessionStore.Get(c, tx, SessionNames.MainKey) is { } main && !HasAliases(c, tx, main.Key)
            ? MergeIntoMain(c, tx, main, s)
            : Create(c, tx, s);
        // An alias to a session in the trash moves to the new copy: an import never writes into the trash.
        using var alias = c.Command(
            "INSERT INTO session_aliases (alias, key, source, created_at) VALUES (@alias, @key, @source, @now) " +
            "ON CONFLICT (alias) DO UPDATE SET key = excluded.key, source = excluded.source, created_at = excluded.created_at", tx)
            .With("@alias", s.SourceKey).With("@key", row.Key).With("@source", source).With("@now", now);
        alias.ExecuteNonQuery();
        return row;
    }

    private static ImportedRow Create(DbConnection c, DbTransaction tx, ImportedSession s)
    {
        var key = SessionStore.FreeKey(c, tx, s.PreferredKey);
        if (!SessionNames.IsValidKey(key))
        {
            // A taken 61–64 character key leaves no room for "-2": fall back to its slug, which does.
            key = SessionStore.FreeKey(c, tx, SessionNames.Slug(s.PreferredKey));
        }

        var label = UniqueLabel(c, tx, s.Label, selfKey: null);
        var (count, last) = CurrentGeneration(s);
        var updated = Math.Max(s.UpdatedAt, last ?? 0);
        var kind = s.Kind == SessionKind.Main && key != SessionNames.MainKey ? SessionKind.Named : s.Kind;
        using var command = c.Command(
            "INSERT INTO sessions (key, session_id, label, label_norm, description, persistent, user_created, kind, created_at, updated_at, " +
            "last_message_at, message_count, input_tokens, output_tokens, rev, extra, system_prompt, archived_at, pinned) VALUES (@key, @sid, @label, @norm, " +
            "@description, @persistent, @userCreated, @kind, @created, @updated, @last, @count, @in, @out, 1, @extra, @prompt, @archived, @pinned)", tx)
            .With("@key", key).With("@sid", s.SessionId).With("@label", label).With("@norm", SessionNames.Normalize(label))
            .With("@description", s.Description).With("@persistent", s.Persistent ? 1 : 0).With("@userCreated", s.UserCreated ? 1 : 0)
            .With("@kind", kind.ToString().ToLowerInvariant()).With("@created", Math.Min(s.CreatedAt, updated)).With("@updated", updated)
            .With("@last", last).With("@count", count).With("@in", s.InputTokens).With("@out", s.OutputTokens).With("@extra", s.Extra)
            .With("@prompt", s.SystemPrompt).With("@archived", kind == SessionKind.Main ? null : s.ArchivedAt).With("@pinned", s.Pinned ? 1 : 0);
        command.ExecuteNonQuery();
        SessionStore.ReplaceTags(c, tx, key, s.Tags);
        var entry = SessionStore.Get(c, tx, key)!;
        var (messages, generations) = WriteGenerations(c, tx, entry, s.Generations);
        return new ImportedRow(s.SourceKey, key, label, ImportAction.Created, messages, generations);
    }

    /// <summary>
    /// The old store's main session becomes Cairn's <c>main</c>, which always exists. If main has no messages
    /// yet, the old one's transcript, counters and times replace main's (an empty main made at start-up says
    /// nothing); otherwise the old transcript is kept as an older generation and main's counters stay.
    /// </summary>
    private static ImportedRow MergeIntoMain(DbConnection c, DbTransaction tx, SessionEntry main, ImportedSession s)
    {
        var adopt = main.MessageCount == 0 && !HasGeneration(c, tx, main.Key, main.SessionId);
        var label = s.LabelGiven ? UniqueLabel(c, tx, s.Label, main.Key) : main.Label;
        var (count, last) = adopt ? CurrentGeneration(s) : (main.MessageCount, main.LastMessageAt);
        using var command = c.Command(
            "UPDATE sessions SET session_id = @sid, label = @label, label_norm = @norm, description = @description, persistent = @persistent, " +
            "created_at = @created, updated_at = @updated, last_message_at = @last, message_count = @count, input_tokens = @in, " +
            "output_tokens = @out, rev = rev + 1, extra = COALESCE(@extra, extra), system_prompt = COALESCE(system_prompt, @prompt) WHERE key = @key", tx)
            .With("@sid", adopt ? s.SessionId : main.SessionId).With("@label", label).With("@norm", SessionNames.Normalize(label))
            .With("@description", main.Description ?? s.Description).With("@persistent", main.Persistent || s.Persistent ? 1 : 0)
            .With("@created", Math.Min(main.CreatedAt, s.CreatedAt)).With("@updated", Math.Max(adopt ? s.UpdatedAt : Math.Max(main.UpdatedAt, s.UpdatedAt), last ?? 0))
            .With("@last", last).With("@count", count).With("@in", adopt ? s.InputTokens : main.InputTokens)
            .With("@out", adopt ? s.OutputTokens : main.OutputTokens).With("@extra", s.Extra).With("@prompt", s.SystemPrompt).With("@key", main.Key);
        command.ExecuteNonQuery();
        var (messages, generations) = WriteGenerations(c, tx, SessionStore.Get(c, tx, main.Key)!, s.Generations);
        return new ImportedRow(s.SourceKey, main.Key, label, ImportAction.Updated, messages, generations);
    }

    /// <summary>Adds the generations the session does not have yet; rows already there are never touched.</summary>
    private static (int Messages, int Generations) WriteGenerations(DbConnection c, DbTransaction tx, SessionEntry entry, IReadOnlyList<ImportedGeneration> generations)
    {
        var (messages, added) = (0, 0);
        using var insert = c.Command(
            "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens, run_id, incomplete, " +
            "covers_from, covers_to, reason) VALUES (@key, @sid, @seq, @role, @text, @created, @in, @out, @run, @inc, @cf, @ct, @reason)", tx);
        foreach (var generation in generations)
        {
            if (generation.Messages.Count == 0 || HasGeneration(c, tx, entry.Key, generation.SessionId))
            {
                continue;
            }

            for (var i = 0; i < generation.Messages.Count; i++)
            {
                var m = generation.Messages[i];
                insert.Parameters.Clear();
                insert.With("@key", entry.Key).With("@sid", generation.SessionId).With("@seq", m.Seq ?? i + 1).With("@role", m.Role).With("@text", m.Text)
                    .With("@created", m.CreatedAt).With("@in", m.InputTokens).With("@out", m.OutputTokens).With("@run", m.RunId)
                    .With("@inc", m.Incomplete ? 1 : null).With("@cf", m.CoversFrom).With("@ct", m.CoversTo).With("@reason", m.Reason);
                insert.ExecuteNonQuery();
            }

            messages += generation.Messages.Count;
            added++;
            if (generation.SessionId == entry.SessionId)
            {
                RecountCurrent(c, tx, entry);
            }
        }

        return (messages, added);
    }

    private static void RecountCurrent(DbConnection c, DbTransaction tx, SessionEntry entry)
    {
        using var command = c.Command(
            "UPDATE sessions SET message_count = (SELECT COUNT(*) FROM messages WHERE session_key = @key AND session_id = @sid AND role IN ('user', 'assistant')), " +
            "last_message_at = (SELECT MAX(created_at) FROM messages WHERE session_key = @key AND session_id = @sid), " +
            $"updated_at = {c.Dialect().Greatest("updated_at", "COALESCE((SELECT MAX(created_at) FROM messages WHERE session_key = @key AND session_id = @sid), 0)")} WHERE key = @key", tx)
            .With("@key", entry.Key).With("@sid", entry.SessionId);
        command.ExecuteNonQuery();
    }

    private static bool HasGeneration(DbConnection c, DbTransaction tx, string key, string sessionId)
    {
        using var command = c.Command("SELECT EXISTS (SELECT 1 FROM messages WHERE session_key = @key AND session_id = @sid)", tx)
            .With("@key", key).With("@sid", sessionId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static bool HasAliases(DbConnection c, DbTransaction tx, string key)
    {
        using var command = c.Command("SELECT EXISTS (SELECT 1 FROM session_aliases WHERE key = @key)", tx).With("@key", key);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static SessionEntry? AliasTarget(DbConnection c, DbTransaction tx, string alias)
    {
        using var command = c.Command("SELECT key FROM session_aliases WHERE alias = @alias", tx).With("@alias", alias);
        return command.ExecuteScalar() is string key ? SessionStore.Get(c, tx, key) : null;
    }

    private static (int Count, long? Last) CurrentGeneration(ImportedSession s)
    {
        var current = s.Generations.FirstOrDefault(g => g.SessionId == s.SessionId);
        return current is { Messages.Count: > 0 } ? (current.Messages.Count, current.Messages.Max(m => m.CreatedAt)) : (0, null);
    }

    /// <summary>The label itself if free, else "Work (2)", "Work (3)"… cut so the suffix still fits.</summary>
    internal static string UniqueLabel(DbConnection c, DbTransaction tx, string label, string? selfKey)
    {
        for (var n = 1; ; n++)
        {
            var suffix = n == 1 ? "" : $" ({n})";
            var stem = label.Length + suffix.Length > SessionNames.MaxLabelLength ? label[..(SessionNames.MaxLabelLength - suffix.Length)].TrimEnd() : label;
            var candidate = stem + suffix;
            if (SessionStore.LabelOwner(c, tx, SessionNames.Normalize(candidate)) is not { } owner || owner.Key == selfKey)
            {
                return candidate;
            }
        }
    }
}
