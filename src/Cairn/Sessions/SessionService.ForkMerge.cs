using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>
/// Forking and merging (<c>docs/features/fork-merge.md</c>). A fork copies the current conversation up to a seq into a
/// new session; a merge copies the conversations of several sessions into a new one (or into an existing one) and
/// archives them; an unmerge takes the last merge back. None of them resets or deletes a source: a persistent session
/// stays exactly as it was (a merge only archives it, and the unmerge unarchives it).
/// </summary>
public sealed partial class SessionService
{
    public async Task<Outcome<SessionsForkResult>> ForkAsync(SessionsForkParams p, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled)
        {
            return SessionRules.Disabled();
        }

        var label = p.Label is null ? null : SessionNames.CleanLabel(p.Label);
        var result = await store.ForkAsync(new ForkPlan(p.Key, p.FromSeq, label, Persistent: true, NewSessionId()), Now, ct);
        if (result.Status == StoreStatus.SeqNotFound)
        {
            var source = result.Existing!;
            return MethodError.NotFound($"'{source.Label}' has no message #{p.FromSeq} in its current conversation.",
                new Dictionary<string, object?> { ["key"] = source.Key, ["reason"] = "seq", ["seq"] = p.FromSeq, ["sessionId"] = source.SessionId });
        }

        if (!result.IsOk)
        {
            return Refused(result.Status, p.Key, result.Existing);
        }

        var fork = result.Value!.Entry;
        metrics.SessionCreated();
        Announce(ChangeReason.Created, fork.Key, fork);
        return new SessionsForkResult(fork.Key, fork.SessionId, Shown(fork), result.Value.Copied);
    }

    /// <summary>
    /// A merge, or with <c>preview</c> its outline only. Replies still streaming in the sources are stopped first (and
    /// stored in their own conversations) so that what is copied is what the sources hold.
    /// </summary>
    public async Task<Outcome<SessionsMergeResult>> MergeAsync(SessionsMergeParams p, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled)
        {
            return SessionRules.Disabled();
        }

        var request = new MergeRequest(p.Sources, p.Into, p.Label is null ? null : SessionNames.CleanLabel(p.Label), p.Order, NewSessionId());
        if (p.Preview)
        {
            var (outline, refusal) = store.PreviewMerge(request);
            return refusal is null ? new SessionsMergeResult(true, outline!) : MergeRefused(refusal);
        }

        foreach (var key in p.Sources)
        {
            if (store.Get(key) is { Kind: not SessionKind.Main })
            {
                await runs.StopAsync(key, ct);
            }
        }

        var (done, refused) = await store.MergeAsync(request, Now, ct);
        if (done is null)
        {
            return MergeRefused(refused!);
        }

        if (p.Into is null)
        {
            metrics.SessionCreated();
        }

        Announce(p.Into is null ? ChangeReason.Created : ChangeReason.Patched, done.Target.Key, done.Target);
        foreach (var source in done.Archived)
        {
            Announce(ChangeReason.Archived, source.Key, source);
        }

        return new SessionsMergeResult(false, done.Outline, done.Target.Key, Shown(done.Target));
    }

    /// <summary>Takes back the last merge into <paramref name="key"/>; see <see cref="SessionStore.UnmergeAsync"/> for exactly what it does.</summary>
    public async Task<Outcome<SessionsUnmergeResult>> UnmergeAsync(string key, CancellationToken ct)
    {
        if (!config.Session.NamedSessionsEnabled)
        {
            return SessionRules.Disabled();
        }

        if (store.Get(key) is { Kind: not SessionKind.Main })
        {
            await runs.StopAsync(key, ct);
        }

        var (done, refused) = await store.UnmergeAsync(key, Now, ct);
        if (done is null)
        {
            return MergeRefused(refused!);
        }

        switch (done.Removed)
        {
            case "purged":
                Announce(ChangeReason.Purged, key, null);
                break;
            case "trashed":
                Announce(ChangeReason.Deleted, key, done.Entry);
                break;
            default:
                Announce(ChangeReason.Patched, key, done.Entry);
                break;
        }

        foreach (var source in done.Restored)
        {
            Announce(ChangeReason.Unarchived, source.Key, source);
        }

        return new SessionsUnmergeResult(done.Key, done.Removed, done.MessagesRemoved, [.. done.Restored.Select(e => e.Key)], done.Entry is null ? null : Shown(done.Entry));
    }

    private MethodError MergeRefused(MergeRefusal refusal) => refusal.Status switch
    {
        StoreStatus.NotFound => NotFound(refusal.Key),
        StoreStatus.Protected => new(ErrorCode.SessionProtected,
            "The main session cannot be a merge source (a merge archives its sources, and main is never archived); merge into it instead (into: main).",
            new Dictionary<string, object?> { ["key"] = refusal.Key, ["field"] = "sources" }),
        StoreStatus.AlreadyArchived => SessionRules.Archived(refusal.Existing!),
        StoreStatus.NotMerged => new(ErrorCode.Conflict, $"No merge into '{refusal.Existing!.Label}' is left to undo.",
            new Dictionary<string, object?> { ["key"] = refusal.Key, ["reason"] = "not_merged" }),
        _ => SessionRules.FromStore(refusal.Status, refusal.Key, refusal.Existing),
    };
}
