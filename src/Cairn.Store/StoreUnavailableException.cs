using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// The store could not write for a reason outside the gateway: the disk is full, the file is read-only, or the
/// disk failed. Not a bug, so callers answer it as <c>UNAVAILABLE</c> with <see cref="Reason"/>, and
/// <see cref="CairnDatabase.WriteFailure"/> keeps it for <c>/healthz</c> until a write succeeds again.
/// </summary>
public sealed class StoreUnavailableException(string reason, string cause, Exception inner)
    : Exception($"The store could not write: {cause}.", inner)
{
    public const string Full = "storage_full";
    public const string ReadOnly = "storage_read_only";
    public const string IoError = "storage_io_error";

    /// <summary><see cref="Full"/>, <see cref="ReadOnly"/> or <see cref="IoError"/>.</summary>
    public string Reason => reason;

    /// <summary>What went wrong and what to do, for people: e.g. "the disk is full; free space …".</summary>
    public string Cause => cause;

    /// <summary>The named failure behind a SQLite error, or null when it is not one of these.</summary>
    internal static StoreUnavailableException? From(SqliteException ex) => ex.SqliteErrorCode switch
    {
        13 => new(Full, "the disk is full; free space on the data dir's disk and writes work again at once", ex),
        8 => new(ReadOnly, "the database is read-only; make the data dir and its files writable by the gateway's user", ex),
        10 => new(IoError, "the disk reported an I/O error; check the disk, then run 'cairn doctor'", ex),
        _ => null,
    };
}

/// <summary>The last write that failed for a named reason (<see cref="StoreUnavailableException"/>); cleared by a write that succeeds.</summary>
public sealed record StoreWriteFailure(string Reason, string Message);
