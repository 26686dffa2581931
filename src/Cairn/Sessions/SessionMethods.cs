using Cairn.Config;
using Cairn.Gateway;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>The <c>sessions.*</c> methods. Each change is committed before it is answered and announced.</summary>
public sealed class SessionMethods(SessionStore store, EventHub events, TimeProvider time, CairnConfig config, CairnMetrics metrics)
{
    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    public Task<Outcome<SessionsListResult>> ListAsync(SessionsListParams p, MethodContext ctx, CancellationToken ct)
    {
        SessionCursor? after = null;
        if (p.Cursor is { Length: > 0 } cursorText && (after = SessionCursor.TryDecode(cursorText, p.Sort)) is null)
        {
            return Task.FromResult<Outcome<SessionsListResult>>(
                MethodError.Invalid("cursor", "'cursor' is not a cursor from this list (cursors are tied to the sort they came from)."));
        }

        var page = store.List(new SessionQuery(p.Limit ?? config.Session.ListPageSize, p.Sort, p.Persistent, p.UserCreated, p.Search, after));
        return Task.FromResult<Outcome<SessionsListResult>>(new SessionsListResult(page.Sessions, page.Next?.Encode(), page.Total));
    }

    /// <summary>A key, or a key the session had in an older store (kept as an alias by the import).</summary>
    public Task<Outcome<SessionEntryResult>> GetAsync(SessionGetParams p, MethodContext ctx, CancellationToken ct) =>
        Task.FromResult<Outcome<SessionEntryResult>>((store.Get(p.Key) ?? store.GetByAlias(p.Key)) is { } entry
            ? new SessionEntryResult(entry)
            : SessionRules.CheckKey(p.Key) ?? SessionRules.NotFound(p.Key));

    public Task<Outcome<SessionEntryResult>> ResolveAsync(SessionsResolveParams p, MethodContext ctx, CancellationToken ct) =>
        Task.FromResult(Resolve(p.Name));

    /// <summary>A key, an exact label, or a unique prefix of either, case-insensitive.</summary>
    public Outcome<SessionEntryResult> Resolve(string name)
    {
        if (store.GetByAlias(name.Trim()) is { } aliased)
        {
            return new SessionEntryResult(aliased);
        }

        var candidates = store.Resolve(name);
        return candidates.Count switch
        {
            1 => new SessionEntryResult(candidates[0]),
            0 => MethodError.NotFound($"No session matches '{name.Trim()}'.", new Dictionary<string, object?> { ["name"] = name }),
            _ => new MethodError(ErrorCode.Conflict, $"'{name.Trim()}' matches {candidates.Count} sessions: {string.Join(", ", candidates.Select(c => c.Label))}.",
                new Dictionary<string, object?> { ["candidates"] = candidates.Select(c => new { c.Key, c.Label }).ToList() }),
        };
    }

    public async Task<Outcome<SessionsCreateResult>> CreateAsync(SessionsCreateParams p, MethodContext ctx, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled)
        {
            return metrics.CreateFailed(SessionRules.Disabled());
        }

        var label = SessionNames.CleanLabel(p.Label);
        var session = new NewSession(p.Key ?? SessionNames.Slug(label), p.Key is not null, label,
            string.IsNullOrWhiteSpace(p.Description) ? null : p.Description.Trim(), p.Persistent, true, SessionKind.Named, Guid.NewGuid().ToString());
        var result = await store.CreateAsync(session, Now, ct);
        if (!result.IsOk)
        {
            return metrics.CreateFailed(SessionRules.FromStore(result.Status, session.BaseKey, result.Existing));
        }

        var entry = result.Value!;
        metrics.SessionCreated();
        Changed(ChangeReason.Created, entry.Key, entry);
        return new SessionsCreateResult(entry.Key, entry.SessionId, entry);
    }

    public async Task<Outcome<SessionEntryResult>> PatchAsync(SessionsPatchParams p, MethodContext ctx, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled && (p.Label is not null || p.Persistent is not null))
        {
            return SessionRules.Disabled();
        }

        var patch = new SessionPatch(
            Label: p.Label is null ? null : SessionNames.CleanLabel(p.Label),
            SetDescription: p.Description.IsSet,
            Description: string.IsNullOrWhiteSpace(p.Description.Value) ? null : p.Description.Value.Trim(),
            Persistent: p.Persistent,
            SetSystemPrompt: p.SystemPrompt.IsSet,
            SystemPrompt: string.IsNullOrWhiteSpace(p.SystemPrompt.Value) ? null : p.SystemPrompt.Value,
            ExpectedRev: p.ExpectedRev);
        var result = await store.PatchAsync(p.Key, patch, Now, ct);
        if (!result.IsOk)
        {
            return SessionRules.FromStore(result.Status, p.Key, result.Existing);
        }

        Changed(ChangeReason.Patched, p.Key, result.Value);
        return new SessionEntryResult(result.Value!);
    }

    public async Task<Outcome<SessionsResetResult>> ResetAsync(SessionKeyParams p, MethodContext ctx, CancellationToken ct)
    {
        var result = await store.ResetAsync(p.Key, Guid.NewGuid().ToString(), Now, ct);
        if (!result.IsOk)
        {
            return metrics.ResetFailed(SessionRules.FromStore(result.Status, p.Key, result.Existing), ctx);
        }

        Changed(ChangeReason.Reset, p.Key, result.Value!.Entry);
        return new SessionsResetResult(result.Value.Entry, result.Value.PreviousSessionId);
    }

    public async Task<Outcome<SessionsDeleteResult>> DeleteAsync(SessionKeyParams p, MethodContext ctx, CancellationToken ct)
    {
        var result = await store.DeleteAsync(p.Key, ct);
        if (!result.IsOk)
        {
            return SessionRules.FromStore(result.Status, p.Key, result.Existing);
        }

        Changed(ChangeReason.Deleted, p.Key, null);
        return new SessionsDeleteResult(p.Key, true);
    }

    /// <summary>Tells every connected client; called only after the change committed.</summary>
    public void Changed(ChangeReason reason, string key, SessionEntry? entry) =>
        events.Publish(EventNames.SessionsChanged, new SessionsChangedEvent(reason, key, entry));
}
