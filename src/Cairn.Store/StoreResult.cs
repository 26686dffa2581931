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
}

public readonly record struct StoreResult<T>(StoreStatus Status, T? Value, SessionEntry? Existing = null)
{
    public bool IsOk => Status == StoreStatus.Ok;

    public static StoreResult<T> Ok(T value) => new(StoreStatus.Ok, value);

    public static StoreResult<T> Fail(StoreStatus status, SessionEntry? existing = null) => new(status, default, existing);
}
