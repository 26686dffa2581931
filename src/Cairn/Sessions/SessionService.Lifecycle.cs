using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Sessions;

/// <summary>
/// Keeping, archiving and deleting. An archived session leaves the default list and takes no new turns, and keeps
/// everything; a delete moves a session to the trash (all of it kept, key and label reserved) for
/// <c>session.trashDays</c>, after which the sweep purges it; a purge is the only thing that removes a session's rows.
/// <c>main</c> is never archived, trashed or purged.
/// </summary>
public sealed partial class SessionService
{
    public async Task<Outcome<SessionEntryResult>> ArchiveAsync(string key, CancellationToken ct) =>
        Changed(await store.ArchiveAsync(key, Now, ct), key, ChangeReason.Archived, "archived");

    public async Task<Outcome<SessionEntryResult>> UnarchiveAsync(string key, CancellationToken ct) =>
        Changed(await store.UnarchiveAsync(key, Now, ct), key, ChangeReason.Unarchived, "unarchived");

    /// <summary>
    /// Moves a session to the trash. A reply still streaming in it is stopped first (and stored in its own
    /// conversation), so nothing is written into a session in the trash; the store refuses any later write.
    /// </summary>
    public async Task<Outcome<SessionsDeleteResult>> DeleteAsync(string key, CancellationToken ct)
    {
        if (store.Get(key) is { Kind: not SessionKind.Main })
        {
            await runs.StopAsync(key, ct);
        }

        var result = await store.TrashAsync(key, Now, ct);
        if (!result.IsOk)
        {
            return Refused(result.Status, key, result.Existing);
        }

        var entry = result.Value!;
        Announce(ChangeReason.Deleted, key, entry);
        return new SessionsDeleteResult(key, Deleted: true, Trashed: true, Shown(entry), PurgeAt(entry));
    }

    /// <summary>Takes a session out of the trash, as it was: messages, key, label, share links (archived again if it was).</summary>
    public async Task<Outcome<SessionEntryResult>> RestoreAsync(string key, CancellationToken ct) =>
        Changed(await store.RestoreAsync(key, Now, ct), key, ChangeReason.Restored, "restored");

    /// <summary>Removes a session in the trash for good; a session not in the trash is refused (delete it first).</summary>
    public async Task<Outcome<SessionsPurgeResult>> PurgeAsync(string key, CancellationToken ct)
    {
        var result = await store.PurgeAsync(key, ct: ct);
        if (!result.IsOk)
        {
            return Refused(result.Status, key, result.Existing, "purged");
        }

        Announce(ChangeReason.Purged, key, null);
        return new SessionsPurgeResult(key, true);
    }

    /// <summary>
    /// Purges every session that has been in the trash for <c>session.trashDays</c> (none when it is 0); the sweep calls
    /// it. A session restored, or deleted again, since it was listed is left alone.
    /// </summary>
    public async Task<IReadOnlyList<string>> PurgeExpiredAsync(CancellationToken ct)
    {
        var days = config.Session.TrashDays;
        if (days == 0)
        {
            return [];
        }

        var before = Now - (long)TimeSpan.FromDays(days).TotalMilliseconds;
        var purged = new List<string>();
        foreach (var key in store.TrashedBefore(before, 500))
        {
            if ((await store.PurgeAsync(key, before, ct)).IsOk)
            {
                Log.TrashPurged(logger, key, days);
                Announce(ChangeReason.Purged, key, null);
                purged.Add(key);
            }
        }

        return purged;
    }

    /// <summary>When the retention purges a session in the trash; null when it is not in the trash, or nothing is purged by time.</summary>
    public long? PurgeAt(SessionEntry entry) =>
        entry.TrashedAt is { } at && config.Session.TrashDays > 0 ? at + (long)TimeSpan.FromDays(config.Session.TrashDays).TotalMilliseconds : null;

    /// <summary>A session in the trash that a name means: its key, its exact label, or a unique prefix of either.</summary>
    public IReadOnlyList<SessionEntry> InTrash(string name) => store.Resolve(name, 10, SessionShelf.Trashed);

    private Outcome<SessionEntryResult> Changed(StoreResult<SessionEntry> result, string key, ChangeReason reason, string verb)
    {
        if (!result.IsOk)
        {
            return Refused(result.Status, key, result.Existing, verb);
        }

        Announce(reason, key, result.Value);
        return new SessionEntryResult(Shown(result.Value!));
    }

    /// <summary>A store refusal as a protocol error; a key that is in the trash is NOT_FOUND with reason trashed.</summary>
    private MethodError Refused(StoreStatus status, string key, SessionEntry? existing, string verb = "deleted") =>
        status == StoreStatus.NotFound ? NotFound(key) : SessionRules.FromStore(status, key, existing, verb);
}
