using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Cairn.Tests.Store;

/// <summary>
/// Counts the durable commits of a SQLite database in WAL mode by reading its <c>-wal</c> file: each commit writes
/// its pages as frames, and the last frame of a commit carries the database size (other frames carry 0). Frames are
/// counted only while their salts match the WAL header's (older frames past a restart of the log carry old salts).
/// <see cref="Restart"/> checkpoints and empties the log first, so a count afterwards is the commits made since.
/// </summary>
internal static class WalCommits
{
    private const int HeaderSize = 32;
    private const int FrameHeaderSize = 24;

    /// <summary>Checkpoints the whole log into the database and truncates it (from a connection of its own).</summary>
    public static void Restart(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        reader.Read();
        if (reader.GetInt64(0) != 0)
        {
            throw new InvalidOperationException("The WAL checkpoint was blocked.");
        }
    }

    public static int Count(string databasePath)
    {
        using var wal = new FileStream(databasePath + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[HeaderSize];
        if (wal.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize)
        {
            return 0;
        }

        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(8));
        var salts = header.AsSpan(16, 8).ToArray();
        var frame = new byte[FrameHeaderSize];
        var commits = 0;
        while (wal.ReadAtLeast(frame, FrameHeaderSize, throwOnEndOfStream: false) == FrameHeaderSize && frame.AsSpan(8, 8).SequenceEqual(salts))
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(4)) != 0)
            {
                commits++;
            }

            wal.Seek(pageSize, SeekOrigin.Current);
        }

        return commits;
    }
}
