using Cairn.Config;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>
/// Every lifecycle verb of a session, for every caller: the <c>sessions.*</c> methods, the slash commands, chat and
/// the reset sweep. It owns the rules, the store writes, the <c>sessions.changed</c> event (published only after
/// the change committed) and the domain counters (created, creation errors, blocked resets, switches). Resets are
/// in <c>SessionService.Reset.cs</c>, switches in <c>SessionService.Switches.cs</c>, archive, trash, restore and purge
/// in <c>SessionService.Lifecycle.cs</c>.
/// </summary>
public sealed partial class SessionService(SessionStore store, TranscriptStore transcripts, PeerBindingStore bindings, EventHub events, ResetPolicy policy,
    CairnConfig config, CairnMetrics metrics, SessionSwitchTracker switches, IActiveRuns runs, Analytics.AnalyticsRecorder analytics, TurnChangeCoalescer turns,
    TimeProvider time, ILogger<SessionService> logger)
{
    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The session with this key, or null (also when it is in the trash: see <see cref="NotFound"/>).</summary>
    public SessionEntry? Find(string key) => store.Get(key);

    /// <summary>How many sessions are on a shelf: in use (the default list) unless told.</summary>
    public int Count(SessionShelf shelf = SessionShelf.InUse) => store.Count(shelf);

    /// <summary>The error for a key that <see cref="Find"/> did not find: NOT_FOUND, with <c>reason: "trashed"</c> when it is in the trash.</summary>
    public MethodError NotFound(string key) =>
        store.GetAny(key) is { Trashed: true } trashed ? SessionRules.InTrash(trashed) : SessionRules.NotFound(key);

    public SessionPage Page(SessionQuery query) => store.List(query);

    public Outcome<SessionsListResult> List(SessionsListParams p)
    {
        SessionCursor? after = null;
        if (p.Cursor is { Length: > 0 } cursorText && (after = SessionCursor.TryDecode(cursorText, p.Sort)) is null)
        {
            return MethodError.Invalid("cursor", "'cursor' is not a cursor from this list (cursors are tied to the sort they came from).");
        }

        var tags = TagRules.Normalize(p.Tags ?? [], "tags");
        if (tags.Error is { } badTag)
        {
            return badTag;
        }

        var shelf = p.Trashed == true ? SessionShelf.Trashed : p.Archived == true ? SessionShelf.Archived : SessionShelf.InUse;
        var page = store.List(new SessionQuery(p.Limit ?? config.Session.ListPageSize, p.Sort, p.Persistent, p.UserCreated, p.Search, after, shelf,
            tags.Value is { Count: > 0 } filter ? filter : null));
        return new SessionsListResult([.. page.Sessions.Select(Shown)], page.Next?.Encode(), page.Total, shelf == SessionShelf.Trashed ? config.Session.TrashDays : null);
    }

    /// <summary>A key, or a key the session had in an older store (kept as an alias by the import); a session in the trash is NOT_FOUND (reason trashed).</summary>
    public Outcome<SessionEntryResult> Get(string key) =>
        (store.Get(key) ?? store.GetByAlias(key)) is { } entry
            ? new SessionEntryResult(Shown(entry))
            : SessionRules.CheckKey(key) ?? NotFound(key);

    /// <summary>
    /// A key, an exact label, or a unique prefix of either, case-insensitive. An archived session is found by its exact
    /// key or label, not by a prefix; a session in the trash is not found (NOT_FOUND, reason trashed, when the name is its).
    /// </summary>
    public Outcome<SessionEntryResult> Resolve(string name)
    {
        if (store.GetByAlias(name.Trim()) is { } aliased)
        {
            return new SessionEntryResult(Shown(aliased));
        }

        var candidates = store.Resolve(name);
        return candidates.Count switch
        {
            1 => new SessionEntryResult(Shown(candidates[0])),
            0 => store.Resolve(name, 2, SessionShelf.Trashed) is [var trashed] ? SessionRules.InTrash(trashed)
                : MethodError.NotFound($"No session matches '{name.Trim()}'.", new Dictionary<string, object?> { ["name"] = name }),
            _ => new MethodError(ErrorCode.Conflict, $"'{name.Trim()}' matches {candidates.Count} sessions: {string.Join(", ", candidates.Select(c => c.Label))}.",
                new Dictionary<string, object?> { ["candidates"] = candidates.Select(c => new { c.Key, c.Label }).ToList() }),
        };
    }

    /// <summary>The sessions a name may mean (see <see cref="Resolve"/>), to list when it is ambiguous; on one shelf only when given.</summary>
    public IReadOnlyList<SessionEntry> Candidates(string name, SessionShelf? shelf = null) => store.Resolve(name, 10, shelf);

    /// <summary>
    /// Creates a named session. Every failure is counted, whatever the surface: invalid input (here, or refused by
    /// the method table, see <see cref="CreateRejected"/>), the feature turned off, a label or key taken.
    /// </summary>
    public Task<Outcome<SessionsCreateResult>> CreateAsync(SessionsCreateParams p, CancellationToken ct) => CreateAsync(p, null, ct);

    /// <summary>
    /// Creates a named session with <paramref name="template"/>'s values where <paramref name="p"/> gives none (the caller
    /// found the template; see <c>TemplateService.CreateSessionAsync</c>). A template's model that is no longer configured
    /// is left out: the session uses the default model.
    /// </summary>
    public async Task<Outcome<SessionsCreateResult>> CreateAsync(SessionsCreateParams p, TemplateEntry? template, CancellationToken ct)
    {
        if (SessionValidation.Create(p) is { } invalid)
        {
            return CreateRejected(invalid);
        }

        if (!config.Session.NamedSessionsEnabled)
        {
            return CreateRejected(SessionRules.Disabled());
        }

        if (p.Model is { } wanted && config.FindModel(wanted) is null)
        {
            return CreateRejected(SessionRules.UnknownModel(wanted, config));
        }

        var tags = TagRules.Normalize(p.Tags ?? template?.Tags ?? []);
        if (tags.Error is { } badTags)
        {
            return CreateRejected(badTags);
        }

        var label = SessionNames.CleanLabel(p.Label);
        var description = p.Description ?? template?.Description;
        var session = new NewSession(p.Key ?? SessionNames.Slug(label), p.Key is not null, label,
            string.IsNullOrWhiteSpace(description) ? null : description.Trim(), p.Persistent ?? template?.Persistent ?? true, true, SessionKind.Named, NewSessionId());
        var prompt = p.SystemPrompt ?? template?.SystemPrompt;
        var preset = new SessionPreset(string.IsNullOrWhiteSpace(prompt) ? null : prompt,
            config.FindModel(p.Model ?? template?.Model)?.Name, tags.Value!);
        var result = await store.CreateAsync(session, preset, Now, ct);
        if (!result.IsOk)
        {
            return CreateRejected(SessionRules.FromStore(result.Status, session.BaseKey, result.Existing));
        }

        var entry = result.Value!;
        metrics.SessionCreated();
        Announce(ChangeReason.Created, entry.Key, entry);
        return new SessionsCreateResult(entry.Key, entry.SessionId, Shown(entry), template?.Key);
    }

    /// <summary>Counts a failed creation and hands the error back.</summary>
    public MethodError CreateRejected(MethodError error)
    {
        metrics.SessionCreateFailed(error.Code);
        analytics.Count(GatewayCounter.CreateError);
        return error;
    }

    public async Task<Outcome<SessionEntryResult>> PatchAsync(SessionsPatchParams p, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled && (p.Label is not null || p.Persistent is not null))
        {
            return SessionRules.Disabled();
        }

        if (p.Model.Value is { } wanted && config.FindModel(wanted) is null)
        {
            return SessionRules.UnknownModel(wanted, config);
        }

        var tags = p.Tags is null ? default : TagRules.Normalize(p.Tags);
        if (tags.Error is { } badTags)
        {
            return badTags;
        }

        var patch = new SessionPatch(
            Label: p.Label is null ? null : SessionNames.CleanLabel(p.Label),
            SetDescription: p.Description.IsSet,
            Description: string.IsNullOrWhiteSpace(p.Description.Value) ? null : p.Description.Value.Trim(),
            Persistent: p.Persistent,
            SetSystemPrompt: p.SystemPrompt.IsSet,
            SystemPrompt: string.IsNullOrWhiteSpace(p.SystemPrompt.Value) ? null : p.SystemPrompt.Value,
            ExpectedRev: p.ExpectedRev,
            Tags: tags.Value,
            Pinned: p.Pinned)
        {
            SetModel = p.Model.IsSet,
            Model = config.FindModel(p.Model.Value)?.Name,
        };
        var result = await store.PatchAsync(p.Key, patch, Now, ct);
        if (!result.IsOk)
        {
            return Refused(result.Status, p.Key, result.Existing);
        }

        Announce(ChangeReason.Patched, p.Key, result.Value);
        return new SessionEntryResult(Shown(result.Value!));
    }

    /// <summary>A summary was written into the session's conversation (automatically or asked for): tell every client.</summary>
    public void Compacted(string key)
    {
        if (store.Get(key) is { } entry)
        {
            Announce(ChangeReason.Compacted, key, entry);
        }
    }

    /// <summary>An import created the session, or added conversations to it: tell every client.</summary>
    public void Imported(string key, bool created)
    {
        if (store.Get(key) is { } entry)
        {
            Announce(created ? ChangeReason.Created : ChangeReason.Patched, key, entry);
        }
    }

    /// <summary>
    /// Messages moved the session's counters and times (a chat turn ended): tell every open list, at most once per
    /// <c>gateway.limits.turnUpdateMs</c> per session (<see cref="TurnChangeCoalescer"/>), read when it is told.
    /// </summary>
    public void Touched(string key) => turns.Touch(key, AnnounceTouched);

    private void AnnounceTouched(string key)
    {
        try
        {
            if (store.Get(key) is { } entry)
            {
                Announce(ChangeReason.Patched, key, entry);
            }
        }
        catch (Exception ex) when (ex is StoreUnavailableException or ObjectDisposedException or System.Data.Common.DbException)
        {
            // A list shows the new counters with the next change; the turn itself is stored.
            Log.TouchFailed(logger, key, ex);
        }
    }

    private static string NewSessionId() => Guid.NewGuid().ToString();

    /// <summary>Tells every connected client; called only after the change committed.</summary>
    private void Announce(ChangeReason reason, string key, SessionEntry? entry) =>
        events.Publish(new SessionsChangedEvent(reason, key, entry is null ? null : Shown(entry)));

    /// <summary>The entry as clients get it: with the model its next turn uses (the pinned one while configured, else the default).</summary>
    public SessionEntry Shown(SessionEntry entry) => entry with { EffectiveModel = config.EffectiveModel(entry.Model) };
}
