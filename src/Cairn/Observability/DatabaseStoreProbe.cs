using System.Data.Common;
using System.Globalization;
using Cairn.Store;

namespace Cairn.Observability;

/// <summary>
/// Opens a fresh connection and reads one row and the schema version, as a real request would: on SQLite the file's
/// <c>PRAGMA user_version</c>, on PostgreSQL (a round trip to the server) the last step recorded in <c>cairn_schema</c>.
/// </summary>
public sealed class DatabaseStoreProbe(CairnDatabase db, ILogger<DatabaseStoreProbe> logger) : IStoreProbe
{
    public StoreHealth Check()
    {
        try
        {
            var version = db.Read(c =>
            {
                using (var row = c.CreateCommand())
                {
                    row.CommandText = "SELECT key FROM sessions LIMIT 1";
                    row.ExecuteScalar();
                }

                using var schema = c.CreateCommand();
                schema.CommandText = db.Dialect.IsPostgres ? "SELECT COALESCE(MAX(version), 0) FROM cairn_schema" : "PRAGMA user_version;";
                return Convert.ToInt32(schema.ExecuteScalar(), CultureInfo.InvariantCulture);
            });
            return db.WriteFailure is { } failed
                ? new StoreHealth(true, version, failed.Message, Writable: false) { Provider = db.Provider }
                : new StoreHealth(true, version) { Provider = db.Provider };
        }
        catch (Exception ex) when (ex is DbException or StoreUnavailableException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            Log.StoreUnreachable(logger, ex);
            return new StoreHealth(false, null, "The database could not be read; the gateway log has the details.") { Provider = db.Provider };
        }
    }
}
