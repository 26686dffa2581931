namespace Cairn.Tests.Support;

/// <summary>Paths in the repository the tests run from (found by walking up to <c>Cairn.slnx</c>).</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cairn.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Cairn.slnx not found above {AppContext.BaseDirectory}");
    }
}
