using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// Writes of the sessions table. Each runs as the single writer inside one transaction, so the rule it
/// checks (label free, not persistent, rev matches) still holds when it commits.
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>Creates <c>main</c> if it is missing. Returns true when it did.</summary>
    public Task<bool> EnsureMainAsync(long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (Get(c, tx, SessionNames.MainKey) is not null)
        {
            return false;
        }

        var labelNorm = SessionNames.Normalize(SessionNames.MainLabel);
        var label = LabelOwner(c, tx, labelNorm) is null ? SessionNames.MainLabel : "Main session";
        Insert(c, tx, new NewSession(SessionNames.MainKey, true, label, null, false, false, SessionKind.Main, Guid.NewGuid().ToString()), SessionNames.MainKey, now);
        return true;
    }, ct);

    public Task<StoreResult<SessionEntry>> CreateAsync(NewSession session, long now, CancellationToken ct = default) => CreateAsync(session, null, now, ct);

    /// <summary>Creates a session with what <paramref name="preset"/> gives it, in one transaction.</summary>
    public Task<StoreResult<SessionEntry>> CreateAsync(NewSession session, SessionPreset? preset, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (LabelOwner(c, tx, SessionNames.Normalize(session.Label)) is { } owner)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.LabelTaken, owner);
        }

        string key;
        if (session.ExactKey)
        {
            if (GetAny(c, tx, session.BaseKey) is { } existing)
            {
                return StoreResult<SessionEntry>.Fail(StoreStatus.KeyTaken, existing);
            }

            key = session.BaseKey;
        }
        else
        {
            key = FreeKey(c, tx, session.BaseKey);
        }

        var entry = Insert(c, tx, session, key, now);
        return StoreResult<SessionEntry>.Ok(preset is null or { IsEmpty: true } ? entry : ApplyPreset(c, tx, entry, preset));
    }, ct);

    public Task<StoreResult<SessionEntry>> PatchAsync(string key, SessionPatch patch, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var current = Get(c, tx, key);
        if (current is null)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.NotFound);
        }

        if (patch.ExpectedRev is { } expected && expected != current.Rev)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.RevMismatch, current);
        }

        var label = patch.Label ?? current.Label;
        var labelNorm = SessionNames.Normalize(label);
        if (patch.Label is not null && LabelOwner(c, tx, labelNorm) is { } owner && owner.Key != key)
        {
            return StoreResult<SessionEntry>.Fail(StoreStatus.LabelTaken, owner);
        }

        var updated = current with
        {
            Label = label,
            Description = patch.SetDescription ? patch.Description : current.Description,
            Persistent = patch.Persistent ?? current.Persistent,
            SystemPrompt = patch.SetSystemPrompt ? patch.SystemPrompt : current.SystemPrompt,
            Model = patch.SetModel ? patch.Model : current.Model,
            UpdatedAt = Math.Max(now, current.UpdatedAt),
            Rev = current.Rev + 1,
            Pinned = patch.Pinned ?? current.Pinned,
            Tags = patch.Tags ?? current.Tags,
        };
        using var command = c.Command(
            "UPDATE sessions SET label = @label, label_norm = @norm, description = @description, persistent = @persistent, " +
            "system_prompt = @prompt, model = @model, updated_at = @updated, rev = @rev, pinned = @pinned WHERE key = @key", tx)
            .With("@label", updated.Label).With("@norm", labelNorm).With("@description", updated.Description)
            .With("@persistent", updated.Persistent ? 1 : 0).With("@prompt", updated.SystemPrompt).With("@model", updated.Model)
            .With("@updated", updated.UpdatedAt).With("@rev", updated.Rev).With("@pinned", updated.Pinned ? 1 : 0).With("@key", key);
        command.ExecuteNonQuery();
        if (patch.Tags is { } tags)
        {
            ReplaceTags(c, tx, key, tags);
        }

        return StoreResult<SessionEntry>.Ok(updated);
    }, ct);

    /// <summary>
    /// Starts a new transcript generation as <paramref name="plan"/> says, refused for persistent sessions. The old
    /// generation's rows stay.
    /// </summary>
    public Task<StoreResult<ResetResult>> ResetAsync(string key, ResetPlan plan, long now, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => Reset(c, tx, key, plan, now), ct);

    /// <summary>A plain reset to <paramref name="newSessionId"/>, without a notice.</summary>
    public Task<StoreResult<ResetResult>> ResetAsync(string key, string newSessionId, long now, CancellationToken ct = default) =>
        ResetAsync(key, new ResetPlan(newSessionId), now, ct);

    /// <summary>The one reset of the store, inside the caller's transaction; the notice, if any, is the new generation's first row.</summary>
    internal static StoreResult<ResetResult> Reset(DbConnection c, DbTransaction tx, string key, ResetPlan plan, long now)
    {
        var current = Get(c, tx, key);
        if (current is null)
        {
            return StoreResult<ResetResult>.Fail(StoreStatus.NotFound);
        }

        if (plan.DecidedOn is { } seen && (seen.SessionId != current.SessionId || seen.LastMessageAt != current.LastMessageAt))
        {
            return StoreResult<ResetResult>.Fail(StoreStatus.RevMismatch, current);
        }

        if (current.Persistent)
        {
            return StoreResult<ResetResult>.Fail(StoreStatus.Persistent, current);
        }

        var updated = current with
        {
            SessionId = plan.NewSessionId,
            MessageCount = 0,
            InputTokens = 0,
            OutputTokens = 0,
            LastMessageAt = null,
            ContextTokens = null,
            UpdatedAt = Math.Max(now, current.UpdatedAt),
            Rev = current.Rev + 1,
        };
        using var command = c.Command(
            "UPDATE sessions SET session_id = @sid, message_count = 0, input_tokens = 0, output_tokens = 0, " +
            "last_message_at = NULL, context_tokens = NULL, updated_at = @updated, rev = @rev WHERE key = @key", tx)
            .With("@sid", plan.NewSessionId).With("@updated", updated.UpdatedAt).With("@rev", updated.Rev).With("@key", key);
        command.ExecuteNonQuery();
        AnalyticsRows.Bump(c, tx, key, now, "resets");
        if (plan.Notice is { } notice)
        {
            updated = TranscriptStore.Append(c, tx, updated, new NewMessage(MessageRoles.Notice, notice), now);
        }

        return StoreResult<ResetResult>.Ok(new ResetResult(updated, current.SessionId));
    }

    /// <summary>The session that has this label, in the trash or not (a trashed session keeps its label until it is purged).</summary>
    internal static SessionEntry? LabelOwner(DbConnection c, DbTransaction tx, string labelNorm)
    {
        using var command = c.Command($"SELECT {Columns} FROM sessions WHERE label_norm = @norm", tx).With("@norm", labelNorm);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The base key, or the first of base-2, base-3 … that no session has (in the trash or not).</summary>
    internal static string FreeKey(DbConnection c, DbTransaction tx, string baseKey)
    {
        if (GetAny(c, tx, baseKey) is null)
        {
            return baseKey;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{baseKey}-{n}";
            if (GetAny(c, tx, candidate) is null)
            {
                return candidate;
            }
        }
    }

    internal static SessionEntry Insert(DbConnection c, DbTransaction tx, NewSession session, string key, long now)
    {
        var entry = new SessionEntry(key, session.SessionId, session.Label, session.Description, session.Persistent,
            session.UserCreated, session.Kind, now, now, null, 0, 0, 0, 1, null);
        using var command = c.Command(
            "INSERT INTO sessions (key, session_id, label, description, persistent, user_created, kind, created_at, updated_at, label_norm) " +
            "VALUES (@key, @sid, @label, @description, @persistent, @userCreated, @kind, @now, @now, @norm)", tx)
            .With("@key", key).With("@sid", entry.SessionId).With("@label", entry.Label).With("@description", entry.Description)
            .With("@persistent", entry.Persistent ? 1 : 0).With("@userCreated", entry.UserCreated ? 1 : 0)
            .With("@kind", entry.Kind.ToString().ToLowerInvariant()).With("@now", now)
            .With("@norm", SessionNames.Normalize(entry.Label));
        command.ExecuteNonQuery();
        return entry;
    }
}
