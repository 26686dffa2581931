namespace Cairn.Bench;

/// <summary>One benchmark run from options to tables and JSON; exit code 1 when the gateway or any request failed.</summary>
internal static class Bench
{
    public static async Task<int> RunAsync(BenchOptions options, string[] args, CancellationToken ct)
    {
        var loadBefore = Machine.LoadAverage();
        var startedAt = DateTimeOffset.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture);
        var runner = new BenchRunner(options, Console.Out);
        var sizes = new List<SizeResult>();
        var errors = new List<string>();
        try
        {
            sizes = await runner.RunAsync(ct);
        }
        catch (Exception ex) when (ex is BenchFailure or Client.CairnCallException or Client.GatewayUnreachableException)
        {
            errors.Add($"FAILED: {ex.Message}");
        }

        errors.AddRange(runner.Errors);
        var report = new BenchReport(startedAt, "cairn-bench " + string.Join(' ', args), Machine.Describe(loadBefore), options, sizes, errors);
        Report.WriteTables(Console.Out, report);
        if (options.OutPath is { } path)
        {
            await Report.WriteJsonAsync(path, report);
            Console.WriteLine($"\nJSON written to {path}");
        }

        var failed = errors.Count > 0 || sizes.Any(s => s.Results.Any(r => r.Errors > 0));
        if (failed)
        {
            await Console.Error.WriteLineAsync("cairn-bench: FAILED (see the errors above)");
        }

        return failed ? 1 : 0;
    }
}
