using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>How an integrity check ended.</summary>
public enum IntegrityOutcome
{
    /// <summary>SQLite found nothing wrong.</summary>
    Ok,

    /// <summary>SQLite found damage (or the file is not a database); <see cref="IntegrityReport.Problems"/> says where.</summary>
    Damaged,

    /// <summary>Stopped before it finished (its time ran out): nothing is known.</summary>
    Interrupted,
}

/// <summary>What a check found: at most <see cref="StoreIntegrity.MaxProblems"/> of SQLite's lines, and how long it ran.</summary>
public sealed record IntegrityReport(IntegrityOutcome Outcome, IReadOnlyList<string> Problems, TimeSpan Elapsed);

/// <summary>
/// SQLite's own checks of a database file, on a read-only connection of their own, so they run beside a live
/// gateway (WAL: they read one consistent snapshot and block no writer) or with none running. <c>quick</c> is
/// <c>PRAGMA quick_check</c> (every page and b-tree, no index-to-table cross-check, roughly linear in the file size);
/// <c>full</c> is <c>PRAGMA integrity_check</c>, which also checks that every index matches its table. Cancelling
/// interrupts SQLite at once (<c>sqlite3_interrupt</c>).
/// </summary>
public static class StoreIntegrity
{
    public const int MaxProblems = 100;

    /// <summary>The schema version this build migrates a database to.</summary>
    public static int LatestSchemaVersion => Migrations.Latest;

    private const int Interrupt = 9;
    private const int Corrupt = 11;
    private const int NotADatabase = 26;

    /// <summary><c>PRAGMA user_version</c> read without writing anything; null when the file cannot be read as a database.</summary>
    public static int? ReadSchemaVersion(string path)
    {
        try
        {
            using var connection = ReadOnly(path);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version;";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public static IntegrityReport Check(string path, bool full, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        if (ct.IsCancellationRequested)
        {
            return new IntegrityReport(IntegrityOutcome.Interrupted, [], TimeSpan.Zero);
        }

        using var connection = ReadOnly(path);
        try
        {
            connection.Open();
            using var interrupt = ct.Register(() => SQLitePCL.raw.sqlite3_interrupt(connection.Handle));
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {(full ? "integrity_check" : "quick_check")}({MaxProblems});";
            var lines = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    lines.Add(reader.GetString(0));
                }
            }

            var outcome = lines is ["ok"] ? IntegrityOutcome.Ok : IntegrityOutcome.Damaged;
            return new IntegrityReport(outcome, outcome == IntegrityOutcome.Ok ? [] : lines, Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == Interrupt)
        {
            return new IntegrityReport(IntegrityOutcome.Interrupted, [], Stopwatch.GetElapsedTime(started));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is Corrupt or NotADatabase)
        {
            return new IntegrityReport(IntegrityOutcome.Damaged, [SqliteWords(ex)], Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>"file is not a database" from Microsoft.Data.Sqlite's "SQLite Error 26: 'file is not a database'.".</summary>
    private static string SqliteWords(SqliteException ex)
    {
        var open = ex.Message.IndexOf('\'', StringComparison.Ordinal);
        var close = ex.Message.LastIndexOf('\'');
        return open >= 0 && close > open ? ex.Message[(open + 1)..close] : ex.Message;
    }

    private static SqliteConnection ReadOnly(string path) => new(new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString());
}
