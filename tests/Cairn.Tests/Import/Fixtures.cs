using Cairn.Import;

namespace Cairn.Tests.Import;

/// <summary>The fixture files under Import/Fixtures, copied beside the tests.</summary>
internal static class Fixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Import", "Fixtures");

    public static string Legacy(string name) => Path.Combine(Root, "legacy", name);

    public static string OpenClawSessions => Path.Combine(Root, "openclaw", "agents", "main", "sessions");

    /// <summary>Puts a legacy fixture into a data dir as its sessions-store.json; returns that path.</summary>
    public static string PlaceLegacy(string dataDir, string name)
    {
        var target = LegacyStoreImport.PathIn(dataDir);
        File.Copy(Legacy(name), target, overwrite: true);
        return target;
    }

    /// <summary>A copy of the OpenClaw fixture folder the test may change.</summary>
    public static string CopyOpenClaw(string into)
    {
        var target = Path.Combine(into, "openclaw-sessions");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(OpenClawSessions))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
