using System.Data.Common;
using System.Globalization;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cairn.Tests.Security;

internal sealed record StoredSession(string Key, string SessionId, string Label, bool Persistent, int Rev, int MessageCount);

internal sealed record StoredMessage(string SessionKey, string SessionId, long Seq, string Role, string Text, string? RunId, string? Reason = null);

/// <summary>
/// The data dir's store read directly (beside the running gateway), so a check covers every row rather than what the API
/// chooses to show: integrity, sessions, and current-generation messages. On SQLite the file, read-only, with
/// <c>PRAGMA integrity_check</c>; on a PostgreSQL run the dir's database, with <see cref="PostgresIntegrity"/>.
/// </summary>
internal sealed record StoreSnapshot(string Integrity, int OrphanMessages, Dictionary<string, StoredSession> Sessions, ILookup<string, StoredMessage> Messages)
{
    public static StoreSnapshot Read(string dataDir)
    {
        if (TestStore.IsPostgres)
        {
            using var pg = new NpgsqlConnection(TestStore.DatabaseFor(dataDir));
            pg.Open();
            return Read(pg, PostgresIntegrity.Check(pg));
        }

        var file = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDir, CairnDatabase.FileName),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        using var connection = new SqliteConnection(file.ToString());
        connection.Open();
        return Read(connection, Scalar(connection, "PRAGMA integrity_check;"));
    }

    private static StoreSnapshot Read(DbConnection connection, string integrity)
    {
        var orphans = int.Parse(Scalar(connection, "SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM sessions s WHERE s.key = m.session_key)"),
            CultureInfo.InvariantCulture);

        var sessions = new Dictionary<string, StoredSession>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT key, session_id, label, persistent, rev, message_count FROM sessions";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sessions[reader.GetString(0)] = new StoredSession(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3) != 0,
                    (int)reader.GetInt64(4), (int)reader.GetInt64(5));
            }
        }

        var messages = new List<StoredMessage>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT m.session_key, m.session_id, m.seq, m.role, m.text, m.run_id, m.reason FROM messages m " +
                "JOIN sessions s ON s.key = m.session_key AND s.session_id = m.session_id ORDER BY m.session_key, m.seq";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                messages.Add(new StoredMessage(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
        }

        return new StoreSnapshot(integrity, orphans, sessions, messages.ToLookup(m => m.SessionKey, StringComparer.Ordinal));
    }

    private static string Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
