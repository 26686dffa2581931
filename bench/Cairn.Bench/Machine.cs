using System.Runtime.InteropServices;
using Cairn.Store;
using Microsoft.Data.Sqlite;

namespace Cairn.Bench;

/// <summary>Facts about this machine from /proc, for the report.</summary>
internal static class Machine
{
    public static MachineInfo Describe(string loadBefore) => new(
        Environment.ProcessorCount,
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcField("/proc/meminfo", "MemTotal") ?? "?",
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        SqliteVersion(),
        loadBefore,
        LoadAverage());

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Bytes of every file under a directory.</summary>
    public static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return $"{command.ExecuteScalar()} ({typeof(CairnDatabase).Assembly.GetName().Name})";
    }

    private static string? ProcField(string file, string name)
    {
        if (!File.Exists(file))
        {
            return null;
        }

        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }
}
