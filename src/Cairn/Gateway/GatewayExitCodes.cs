namespace Cairn.Gateway;

/// <summary>
/// The exit codes of <c>cairn gateway run</c>, for service managers and scripts (docs/operations.md lists them). A
/// start that fails prints one line, <c>cairn: &lt;cause&gt;. &lt;fix&gt;</c>, and changes nothing in the store.
/// </summary>
public static class GatewayExitCodes
{
    /// <summary>Stopped normally (Ctrl+C, SIGTERM).</summary>
    public const int Stopped = 0;

    /// <summary>Refused: another gateway runs on the data dir, an unsafe bind, a provider without its key.</summary>
    public const int Refused = 1;

    /// <summary>A value in config.yaml or the environment is invalid; the message names the key.</summary>
    public const int InvalidConfig = 2;

    /// <summary>Cannot listen: the port is in use, the address is not this machine's, or the port needs privileges.</summary>
    public const int CannotListen = 3;

    /// <summary>The data dir or the database cannot be written: a read-only file system or permissions.</summary>
    public const int NotWritable = 4;

    /// <summary>The database is damaged or is not a SQLite database.</summary>
    public const int DamagedStore = 5;

    /// <summary>The disk is full, or reported an I/O error.</summary>
    public const int DiskFailed = 6;

    /// <summary>The PostgreSQL store (<c>store.provider: postgres</c>) cannot be reached, or refuses the connection.</summary>
    public const int StoreUnreachable = 7;
}
