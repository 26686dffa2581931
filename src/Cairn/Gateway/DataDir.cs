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

    private static string Expand(string path) =>
        path.StartsWith('~') ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..] : path;
}
