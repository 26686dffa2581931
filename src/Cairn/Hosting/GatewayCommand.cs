using System.CommandLine;
using System.Globalization;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Hosting;

/// <summary><c>cairn gateway run</c>: the gateway in the foreground until Ctrl+C or SIGTERM.</summary>
public static class GatewayCommand
{
    public static Command Build()
    {
        var port = new Option<int?>("--port") { Description = "Port to listen on (default 5004; 0 picks a free one)." };
        var bind = new Option<string?>("--bind") { Description = "Address to listen on (default 127.0.0.1)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the database, token and config live (default $CAIRN_HOME or ~/.cairn)." };
        var logLevel = new Option<LogLevel?>("--log-level") { Description = "Trace, Debug, Information (default), Warning, Error." };
        var logFormat = new Option<LogFormat?>("--log-format") { Description = "text (default) or json: one JSON object per line, for log collectors." };

        var run = new Command("run", "Start the gateway in the foreground; Ctrl+C stops it.") { port, bind, dataDir, logLevel, logFormat };
        run.SetAction((result, ct) => RunAsync(result.GetValue(dataDir), new RunOptions(result.GetValue(port), result.GetValue(bind),
            result.GetValue(logLevel), result.GetValue(logFormat)), ct));

        var urlDataDir = new Option<string?>("--data-dir") { Description = "The running gateway's data dir (default $CAIRN_HOME or ~/.cairn)." };
        var url = new Command("url", "Print the web UI's address with the token (for whoever may read the data dir).") { urlDataDir };
        url.SetAction(result => PrintUrl(DataDir.Resolve(result.GetValue(urlDataDir))));

        return new Command("gateway", "Run the gateway.") { run, url };
    }

    /// <summary><c>cairn gateway url</c>: the address the running gateway wrote, with the token in the fragment.</summary>
    private static int PrintUrl(string dataDir)
    {
        if (UrlFile.TryRead(dataDir) is not { } url)
        {
            Console.Error.WriteLine($"cairn: No gateway is running on the data dir {dataDir} (it has no {Path.GetFileName(UrlFile.PathIn(dataDir))}); start one with 'cairn gateway run'.");
            return 1;
        }

        var token = GatewayToken.ForClient(dataDir);
        Console.WriteLine($"{url.ToString().TrimEnd('/')}/{(token is null ? "" : "#token=" + token)}");
        return 0;
    }

    private sealed record RunOptions(int? Port, string? Bind, LogLevel? LogLevel, LogFormat? LogFormat);

    private static async Task<int> RunAsync(string? dataDirOption, RunOptions run, CancellationToken ct)
    {
        var dataDir = DataDir.Resolve(dataDirOption);
        CairnConfig config;
        try
        {
            config = ConfigLoader.Load(dataDir, Overrides(run.Port, run.Bind));
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync($"cairn: invalid configuration\n{ex.Message}");
            return GatewayExitCodes.InvalidConfig;
        }

        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(new GatewayStartOptions(dataDir, config)
            {
                LogLevel = run.LogLevel ?? config.Gateway.LogLevel,
                LogFormat = run.LogFormat ?? config.Gateway.LogFormat,
            }, ct);
        }
        catch (GatewayStartException ex)
        {
            await Console.Error.WriteLineAsync($"cairn: {ex.Message}");
            return ex.ExitCode;
        }

        var json = (run.LogFormat ?? config.Gateway.LogFormat) == LogFormat.Json;
        var address = host.Address.ToString().TrimEnd('/');
        var logger = host.App.Services.GetRequiredService<ILogger<GatewayHost>>();
        await using (host)
        {
            if (json)
            {
                // Standard output is one JSON object per line; the token stays out of the log.
                Log.Listening(logger, Hello.ServerVersion, address, host.DataDirectory, config.Model.Provider);
            }
            else
            {
                PrintBanner(host, config);
            }

            try
            {
                await host.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the host stops below.
            }

            if (json)
            {
                Log.Stopping(logger);
            }
            else
            {
                Console.WriteLine("Stopping…");
            }
        }

        return GatewayExitCodes.Stopped;
    }

    /// <summary>The command-line options, as config keys that win over config.yaml and the environment.</summary>
    private static Dictionary<string, string?> Overrides(int? port, string? bind)
    {
        var overrides = new Dictionary<string, string?>();
        if (port is { } p)
        {
            overrides["gateway:port"] = p.ToString(CultureInfo.InvariantCulture);
        }

        if (bind is { Length: > 0 })
        {
            overrides["gateway:bind"] = bind;
        }

        return overrides;
    }

    private static void PrintBanner(GatewayHost host, CairnConfig config)
    {
        var address = host.Address.ToString().TrimEnd('/');
        var model = config.Model.Provider == "echo"
            ? config.HasModelsList ? "echo (offline echo model: it repeats what you say)"
            : "echo (offline echo model: it repeats what you say; set model.provider: openai for a real one)"
            : $"{config.Model.Provider} {config.Model.Name} at {config.Model.BaseUrl ?? "api.openai.com"}";
        Console.WriteLine($"Cairn {Hello.ServerVersion} gateway is running");
        Console.WriteLine($"  Listening:  {address}");
        Console.WriteLine($"  Data:       {host.DataDirectory}");
        Console.WriteLine($"  Model:      {model}");
        if (config.Models.Count > 1)
        {
            Console.WriteLine($"  Models:     {string.Join(", ", config.Models.Select(m => m.Name == config.DefaultModel ? $"{m.Name} (default)" : m.Name))}");
        }
        // The token only on a terminal: a service manager or a pipe puts standard output in a log file.
        Console.WriteLine(host.Token is null ? $"  Open:       {address}/"
            : !Console.IsOutputRedirected ? $"  Open:       {address}/#token={host.Token}"
            : $"  Open:       {address}/  (the token is shown only on a terminal; 'cairn gateway url' prints the address with it)");
        Console.WriteLine("Press Ctrl+C to stop.");
    }
}
