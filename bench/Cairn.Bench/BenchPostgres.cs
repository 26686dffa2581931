using System.Diagnostics;
using System.Text.RegularExpressions;
using Npgsql;

namespace Cairn.Bench;

/// <summary>
/// The PostgreSQL server of <c>cairn-bench replicas</c>: the one <c>--postgres</c> names (a superuser connection string),
/// else a private cluster started with the repository's <c>tests/postgres.sh</c> (initdb in a temp dir, a free port;
/// stopped by its PID when the bench ends). Each measurement takes a fresh database of its own.
/// </summary>
internal sealed partial class BenchPostgres : IAsyncDisposable
{
    private readonly string? _clusterDir;
    private readonly string? _script;
    private readonly List<string> _databases = [];

    private BenchPostgres(string admin, string? clusterDir, string? script)
    {
        Admin = admin;
        _clusterDir = clusterDir;
        _script = script;
    }

    /// <summary>A superuser connection string to the server's <c>postgres</c> database.</summary>
    public string Admin { get; }

    public string ServerVersion { get; private set; } = "?";

    public static async Task<BenchPostgres> StartAsync(string? given, CancellationToken ct)
    {
        BenchPostgres server;
        if (given is { Length: > 0 })
        {
            server = new BenchPostgres(given, null, null);
        }
        else
        {
            var script = FindScript() ?? throw new BenchFailure("tests/postgres.sh not found above the current directory: run from the repository, or give --postgres");
            var (code, output) = await RunAsync(script, ["start"], ct);
            if (code != 0 || Export().Match(output) is not { Success: true } conn)
            {
                throw new BenchFailure($"tests/postgres.sh start failed ({code}):\n{output}");
            }

            server = new BenchPostgres(conn.Groups[1].Value, DirExport().Match(output).Groups[1].Value, script);
        }

        await using var connection = new NpgsqlConnection(server.Admin);
        await connection.OpenAsync(ct);
        server.ServerVersion = connection.PostgreSqlVersion.ToString();
        return server;
    }

    /// <summary>A new empty database; the gateways' migrations make its schema. Dropped when the bench ends.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken ct)
    {
        var name = "cairn_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecAsync($"CREATE DATABASE {name}", ct);
        _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        foreach (var name in _databases)
        {
            try
            {
                await ExecAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // A server that is going away takes its databases with it (the private one), or keeps a bench database.
            }
        }

        if (_clusterDir is { Length: > 0 } && _script is not null)
        {
            await RunAsync(_script, ["stop", _clusterDir], CancellationToken.None);
        }
    }

    private async Task ExecAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Admin);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var script = Path.Combine(dir.FullName, "tests", "postgres.sh");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        return null;
    }

    private static async Task<(int Code, string Output)> RunAsync(string script, string[] args, CancellationToken ct)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new BenchFailure("could not run bash");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"export CAIRN_TEST_POSTGRES='([^']+)'")]
    private static partial Regex Export();

    [GeneratedRegex(@"export CAIRN_PG_DIR='([^']+)'")]
    private static partial Regex DirExport();
}
