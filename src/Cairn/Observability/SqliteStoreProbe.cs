using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Observability;

/// <summary>Opens a fresh connection and reads the schema version and one row, as a real request would.</summary>
public sealed class SqliteStoreProbe(CairnDatabase db, ILogger<SqliteStoreProbe> logger) : IStoreProbe
{
    public StoreHealth Check()
    {
        try
        {
            var version = db.Read(c =>
            {
                using var command = c.CreateCommand();
                command.CommandText = "SELECT key FROM sessions LIMIT 1; PRAGMA user_version;";
                using var reader = command.ExecuteReader();
                reader.NextResult();
                return reader.Read() ? reader.GetInt32(0) : 0;
            });
            return db.WriteFailure is { } failed ? new StoreHealth(true, version, failed.Message, Writable: false) : new StoreHealth(true, version);
        }
        catch (Exception ex) when (ex is SqliteException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            Log.StoreUnreachable(logger, ex);
            return new StoreHealth(false, null, "The database could not be read; the gateway log has the details.");
        }
    }
}
