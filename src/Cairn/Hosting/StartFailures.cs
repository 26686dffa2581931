using Cairn.Gateway;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Hosting;

/// <summary>
/// Turns what can go wrong while a gateway opens its data dir into one line naming the cause and the fix, with its
/// exit code: a read-only data dir, a damaged database, a full disk. Anything else is a bug and keeps its stack trace.
/// </summary>
public static class StartFailures
{
    // errno values .NET reports as the HResult of an IOException on Linux.
    private const int NoSpace = 28;
    private const int ReadOnlyFileSystem = 30;
    private const int IoError = 5;

    public static GatewayStartException? Explain(Exception ex, string dataDir)
    {
        var db = Path.Combine(dataDir, CairnDatabase.FileName);
        return ex switch
        {
            GatewayStartException => null,
            SqliteException sqlite => FromSqlite(sqlite, dataDir, db),
            StoreUnavailableException store => store.Reason switch
            {
                StoreUnavailableException.Unreachable or StoreUnavailableException.Contended => new GatewayStartException(
                    $"Cannot open the PostgreSQL store: {store.Cause}. Check store.connectionString (or CAIRN_STORE__CONNECTIONSTRING) " +
                    "and that the server is up and accepts this user; 'cairn doctor' shows the store's state.", GatewayExitCodes.StoreUnreachable, ex),
                StoreUnavailableException.Full => Full(dataDir, ex),
                StoreUnavailableException.ReadOnly => NotWritable(dataDir, $"the database {db} is read-only", ex),
                _ => DiskError(dataDir, ex),
            },
            UnauthorizedAccessException => NotWritable(dataDir, $"permission denied ({ex.Message.TrimEnd('.')})", ex),
            IOException { HResult: NoSpace } => Full(dataDir, ex),
            IOException { HResult: ReadOnlyFileSystem } => NotWritable(dataDir, "it is on a read-only file system", ex),
            IOException { HResult: IoError } => DiskError(dataDir, ex),
            _ => null,
        };
    }

    private static GatewayStartException? FromSqlite(SqliteException ex, string dataDir, string db) => ex.SqliteErrorCode switch
    {
        26 => new($"The database {db} is not a SQLite database (or its header is damaged); nothing was changed. "
            + $"Restore it from a backup (docs/operations.md#restore), or move it aside to start with an empty store; 'cairn doctor --data-dir {dataDir}' shows what is wrong.",
            GatewayExitCodes.DamagedStore, ex),
        11 => new($"The database {db} is damaged (SQLite: {SqliteText(ex)}); nothing was changed. "
            + $"Run 'cairn doctor --data-dir {dataDir}' to see where, then restore it from a backup (docs/operations.md#restore).",
            GatewayExitCodes.DamagedStore, ex),
        13 => Full(dataDir, ex),
        3 or 8 or 14 or 23 => NotWritable(dataDir, $"SQLite could not open {db} for writing", ex),
        10 => DiskError(dataDir, ex),
        _ => null,
    };

    /// <summary>SQLite's own words from "SQLite Error 11: 'database disk image is malformed'.".</summary>
    private static string SqliteText(SqliteException ex) =>
        ex.Message.IndexOf('\'', StringComparison.Ordinal) is var open and >= 0 && ex.Message.LastIndexOf('\'') is var close && close > open
            ? ex.Message[(open + 1)..close]
            : ex.Message;

    private static GatewayStartException NotWritable(string dataDir, string why, Exception inner) =>
        new($"Cannot write to the data dir {dataDir}: {why}. Make it and its files writable by the user running the gateway "
            + $"({Environment.UserName}), or choose another with --data-dir.", GatewayExitCodes.NotWritable, inner);

    private static GatewayStartException Full(string dataDir, Exception inner) =>
        new($"The disk holding the data dir {dataDir} is full; nothing was changed. Free some space on it and start again.",
            GatewayExitCodes.DiskFailed, inner);

    private static GatewayStartException DiskError(string dataDir, Exception inner) =>
        new($"Could not write to the disk holding the data dir {dataDir} (an I/O error: it may be full, over a file size limit, or failing); "
            + $"nothing was changed. Free some space (df -h {dataDir}) or check the disk (dmesg), then start again.", GatewayExitCodes.DiskFailed, inner);
}
