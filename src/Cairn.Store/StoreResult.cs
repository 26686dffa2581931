namespace Cairn.Store;

/// <summary>Expected outcomes of a store operation; callers map them to protocol error codes.</summary>
public enum StoreStatus
{
    Ok,
    NotFound,
    LabelTaken,
    KeyTaken,
    RevMismatch,
    Persistent,
    Protected,

    /// <summary>An undo of a reset found no earlier conversation to go back to.</summary>
    NothingToUndo,

    /// <summary>A <c>chat.send</c> idempotency key this session already used for another message.</summary>
    IdempotencyKeyReused,

    /// <summary>An archive of a session that is archived already.</summary>
    AlreadyArchived,

    /// <summary>An unarchive of a session that is not archived.</summary>
    NotArchived,

    /// <summary>A restore or purge of a session that is not in the trash (or, for the retention's purge, not there long enough).</summary>
    NotTrashed,

    /// <summary>A fork from a seq that is not a message of the session's current conversation.</summary>
    SeqNotFound,

    /// <summary>An unmerge of a session no merge (that is not undone yet) wrote into.</summary>
    NotMerged,
}

public readonly record struct StoreResult<T>(StoreStatus Status, T? Value, SessionEntry? Existing = null)
{
    public bool IsOk => Status == StoreStatus.Ok;

    public static StoreResult<T> Ok(T value) => new(StoreStatus.Ok, value);

    public static StoreResult<T> Fail(StoreStatus status, SessionEntry? existing = null) => new(status, default, existing);
}
