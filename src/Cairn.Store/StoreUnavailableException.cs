using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cairn.Store;

/// <summary>
/// The store could not write (or, on PostgreSQL, be reached) for a reason outside the gateway: the disk is full, the
/// file is read-only, the disk failed, or the PostgreSQL server is down or refuses. Not a bug, so callers answer it as <c>UNAVAILABLE</c> with <see cref="Reason"/>, and
/// <see cref="CairnDatabase.WriteFailure"/> keeps it for <c>/healthz</c> until a write succeeds again.
/// </summary>
public sealed class StoreUnavailableException(string reason, string cause, Exception inner)
    : Exception($"The store is unavailable: {cause}.", inner)
{
    public const string Full = "storage_full";
    public const string ReadOnly = "storage_read_only";
    public const string IoError = "storage_io_error";
    public const string Unreachable = "storage_unreachable";
    public const string Contended = "storage_contended";

    /// <summary><see cref="Full"/>, <see cref="ReadOnly"/>, <see cref="IoError"/>, <see cref="Unreachable"/> (PostgreSQL down or
    /// refusing) or <see cref="Contended"/> (a PostgreSQL write that kept losing to concurrent ones).</summary>
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

    /// <summary>
    /// The named failure behind a PostgreSQL error: the server is down, unreachable or refuses the connection (no
    /// such database, bad password, too many connections, shutting down), or it cannot write. Null for any other error
    /// (a bug in the SQL, a constraint): those stay what they are.
    /// </summary>
    internal static StoreUnavailableException? From(NpgsqlException ex) => ex switch
    {
        PostgresException { SqlState: PostgresErrorCodes.DiskFull } =>
            new(Full, "the PostgreSQL server's disk is full; free space there and writes work again at once", ex),
        PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction } =>
            new(ReadOnly, "the PostgreSQL server is read-only (a standby?); point the connection string at the primary", ex),
        PostgresException { SqlState: PostgresErrorCodes.IoError } =>
            new(IoError, "the PostgreSQL server reported an I/O error; check its disk and log", ex),
        PostgresException pg when IsUnreachable(pg.SqlState) => new(Unreachable, $"PostgreSQL refused the connection ({pg.MessageText})", ex),
        PostgresException => null,
        _ => new(Unreachable, "PostgreSQL cannot be reached; the gateway reconnects by itself once it is back", ex),
    };

    /// <summary>Connection exceptions (08), insufficient resources (53), shutdown or start-up (57P), authorization (28), no such database (3D000).</summary>
    private static bool IsUnreachable(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) ||
        state.StartsWith("57P", StringComparison.Ordinal) || state.StartsWith("28", StringComparison.Ordinal) ||
        state == PostgresErrorCodes.InvalidCatalogName;
}

/// <summary>The last write that failed for a named reason (<see cref="StoreUnavailableException"/>); cleared by a write that succeeds.</summary>
public sealed record StoreWriteFailure(string Reason, string Message);
