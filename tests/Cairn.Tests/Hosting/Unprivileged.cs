using Cairn.Tests.Support;

namespace Cairn.Tests.Hosting;

/// <summary>
/// Runs <c>cairn gateway run</c> as a user for whom a data dir is read-only. Root may write anywhere, so under root
/// (CI) the dir is given to <c>nobody</c> (65534) and the gateway runs as that user through <c>setpriv</c>; any other
/// user simply loses the write bit on its own dir.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal static class Unprivileged
{
    private const string Nobody = "65534";

    public static async Task<(int Code, string Line)> RunAsync(string dataDir, bool readOnly)
    {
        string[] gateway = ["dotnet", Cairn.Client.Hosting.GatewayProcess.DefaultCairnDll, "gateway", "run", "--port", "0", "--data-dir", dataDir];
        var root = Environment.UserName == "root";
        if (root)
        {
            var (chown, output) = await ChildProcess.RunAsync("chown", ["-R", $"{Nobody}:{Nobody}", dataDir]);
            Assert.True(chown == 0, output);
        }

        if (readOnly)
        {
            File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        try
        {
            var (code, text) = root
                ? await ChildProcess.RunAsync("setpriv", [$"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", .. gateway],
                    environment: new Dictionary<string, string> { ["HOME"] = Path.GetTempPath() })
                : await ChildProcess.RunAsync(gateway[0], gateway[1..]);
            return (code, Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }
        finally
        {
            // Writable again, so the temp dir can be deleted.
            File.SetUnixFileMode(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
