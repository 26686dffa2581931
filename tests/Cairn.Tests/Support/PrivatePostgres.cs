using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Cairn.Tests.Support;

/// <summary>
/// The PostgreSQL server of the tests that need one: the one <c>CAIRN_TEST_POSTGRES</c> names (./test.sh starts one
/// for the whole run), else a private cluster started once per test run with <c>tests/postgres.sh</c> and stopped when
/// the test process exits. Never a skip: a test that needs PostgreSQL and cannot get one fails, saying why.
/// </summary>
public static partial class PrivatePostgres
{
    private static readonly Lazy<string> Started = new(Start);

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("CAIRN_TEST_POSTGRES") is { Length: > 0 } given ? given : Started.Value;

    private static string Start()
    {
        var (code, output) = ChildProcess.RunAsync("bash", [RepoPaths.Of("tests", "postgres.sh"), "start"], RepoPaths.Root)
            .GetAwaiter().GetResult();
        if (code != 0 || Export().Match(output) is not { Success: true } conn)
        {
            throw new InvalidOperationException($"tests/postgres.sh start failed ({code}); these tests need PostgreSQL:\n{output}");
        }

        var dir = DirExport().Match(output).Groups[1].Value;
        StopWhenThisProcessEnds(dir);
        return conn.Groups[1].Value;
    }

    /// <summary>
    /// A watchdog in a session of its own stops the cluster once this process is gone, however it ends: the test host
    /// is often ended by its runner before a <c>ProcessExit</c> handler could finish, which left clusters running.
    /// </summary>
    private static void StopWhenThisProcessEnds(string dir)
    {
        var script = RepoPaths.Of("tests", "postgres.sh");
        var watchdog = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; exec bash '{script}' stop '{dir}'";
        var start = new ProcessStartInfo("setsid", ["bash", "-c", watchdog])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var _ = Process.Start(start) ?? throw new InvalidOperationException("could not start the PostgreSQL watchdog");
    }

    [GeneratedRegex(@"export CAIRN_TEST_POSTGRES='([^']+)'")]
    private static partial Regex Export();

    [GeneratedRegex(@"export CAIRN_PG_DIR='([^']+)'")]
    private static partial Regex DirExport();
}
