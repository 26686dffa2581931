using System.Diagnostics;

namespace Cairn.Release.Tests;

/// <summary>Where ./release.sh left the artefacts, and a fresh temp dir for each test.</summary>
public static class ReleaseArtifacts
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Dir => Path.Combine(RepoRoot, "artifacts");

    public static string SingleFile => Path.Combine(Dir, "cairn-linux-x64", "cairn");

    public static string Require(string path) =>
        File.Exists(path) || Directory.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: run ./release.sh first.");

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "cairn-release-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<(int Code, string Output)> RunAsync(string file, string workingDir, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDir };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cairn.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cairn.slnx not found above the test binaries");
    }
}
