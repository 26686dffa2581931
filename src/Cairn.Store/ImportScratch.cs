using Microsoft.Data.Sqlite;

namespace Cairn.Store;

/// <summary>
/// A throw-away copy of a data dir's database for a dry run: the import runs for real on the copy, so the
/// preview shows exactly what would happen (keys taken, labels suffixed), and the original is not touched,
/// not even migrated. The copy uses SQLite's online backup, which is consistent while a gateway writes.
/// </summary>
public sealed class ImportScratch : IDisposable
{
    private ImportScratch(string dir, CairnDatabase db)
    {
        Dir = dir;
        Database = db;
    }

    public string Dir { get; }

    public CairnDatabase Database { get; }

    /// <param name="original">The real database file; it need not exist (then the copy starts empty).</param>
    public static ImportScratch Create(string original)
    {
        var dir = Path.Combine(Path.GetTempPath(), "cairn-dry-run-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var copy = Path.Combine(dir, CairnDatabase.FileName);
        if (File.Exists(original))
        {
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = original, Pooling = false }.ToString());
            using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false }.ToString());
            source.Open();
            target.Open();
            source.BackupDatabase(target);
        }

        return new ImportScratch(dir, CairnDatabase.Open(copy));
    }

    public void Dispose()
    {
        Database.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // Only a temp copy; the OS temp cleaner will take it.
        }
    }
}
