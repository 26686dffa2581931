namespace Cairn.Gateway;

/// <summary>Where a gateway keeps its state: <c>--data-dir</c>, else <c>CAIRN_HOME</c>, else <c>~/.cairn</c>.</summary>
public static class DataDir
{
    public static string Resolve(string? option) =>
        Path.GetFullPath(option is { Length: > 0 } ? Expand(option)
            : Environment.GetEnvironmentVariable("CAIRN_HOME") is { Length: > 0 } home ? Expand(home)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cairn"));

    /// <summary>Creates the folder readable by its owner only.</summary>
    public static void Ensure(string dir)
    {
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
            }
            else
            {
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
    }

    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Makes the data dir its owner's alone: the folder (and any folder in it) 0700, every file 0600. Called at
    /// every start, so a folder that existed 0755 or files an older version created 0644 (the database, its WAL)
    /// are fixed too. Returns the files and folders inside it that were changed, for one log line (the folder
    /// itself is fixed silently: a fresh folder made by another tool is not news). Symbolic links are left alone.
    /// </summary>
    public static IReadOnlyList<string> MakePrivate(string dir)
    {
        var changed = new List<string>();
        if (OperatingSystem.IsWindows())
        {
            return changed;
        }

        Tighten(dir, OwnerFile | UnixFileMode.UserExecute, []);
        foreach (var entry in new DirectoryInfo(dir).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            if (entry.LinkTarget is null)
            {
                Tighten(entry.FullName, entry is DirectoryInfo ? OwnerFile | UnixFileMode.UserExecute : OwnerFile, changed);
            }
        }

        return changed;
    }

    /// <summary>
    /// Creates the database file 0600 before SQLite does (it would make it 0644 under the usual umask, and its WAL
    /// and shared-memory files take the database file's mode).
    /// </summary>
    public static void PrecreatePrivate(string file)
    {
        if (!OperatingSystem.IsWindows() && !File.Exists(file))
        {
            using var created = new FileStream(file, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = OwnerFile,
            });
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Tighten(string path, UnixFileMode wanted, List<string> changed)
    {
        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(path, (mode & ~GroupOrOther) | wanted);
            changed.Add(path);
        }
    }

    private static string Expand(string path) =>
        path.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..] : path;
}
