using System.Diagnostics;
using Cairn.Tests.Support;

namespace Cairn.Tests.Cli;

public sealed record CliResult(int Code, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {Code}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs <c>cairn</c> as a real child process, feeding it standard input and reading both outputs to the end.</summary>
internal static class CairnCli
{
    public static Task<CliResult> RunRawAsync(string? stdin, params string[] args) => RunRawAsync(stdin, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="RunRawAsync(string?, string[])"/>, with extra environment variables (such as <c>CAIRN_GATEWAY__TOKEN</c>).</summary>
    public static async Task<CliResult> RunRawAsync(string? stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = GatewayProcess.CairnCommand(args);
        info.Environment.Remove("NO_COLOR");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Exit code and both outputs together, for tests that look for a message wherever it is printed.</summary>
    public static async Task<(int Code, string Output)> RunToEndAsync(params string[] args)
    {
        var result = await RunRawAsync(null, args);
        return (result.Code, result.Stdout + result.Stderr);
    }

    /// <summary>A client command against <paramref name="gateway"/>, with its URL and token.</summary>
    public static Task<CliResult> RunAsync(TestGateway gateway, params string[] args) =>
        RunRawAsync(null, [.. args, "--url", gateway.Host.Address.ToString(), "--token", gateway.Token!]);
}
