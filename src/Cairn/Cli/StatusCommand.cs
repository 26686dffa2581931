using System.CommandLine;
using Cairn.Client;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn status</c>: is the gateway reachable, which version and model provider it runs, whether that provider
/// answers (from <c>/healthz</c>), and how many sessions it holds (persistent and temporary). A failing provider
/// is shown, not an error: the exit code stays 0 while the gateway answers.
/// </summary>
public static class StatusCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var command = options.AddTo(new Command("status", "Check a running gateway: reachable, version, model provider, session counts."));
        ClientRun.SetAction(command, options, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, ClientContext client, CancellationToken ct)
    {
        var (status, health) = await client.Api.HealthAsync(ct);
        if ((int)status is < 200 or > 299 || health is null)
        {
            return client.Output.Fail(ErrorCode.Unavailable.WireName(), $"The gateway at {client.Settings.Url} answered /healthz with HTTP {(int)status}.");
        }

        var counts = new Dictionary<string, int>();
        foreach (var (name, persistent) in new (string, bool?)[] { ("total", null), ("persistent", true), ("temporary", false) })
        {
            var page = await client.Api.RequestAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1, Persistent: persistent), ct);
            if (page.Error is { } error)
            {
                return client.Output.Fail(client.Explain(error));
            }

            counts[name] = page.Result.Total;
        }

        // Version and provider are in the WebSocket hello; the counts above already proved the token works.
        Hello hello;
        try
        {
            await using var connection = await CairnConnection.ConnectAsync(client.Settings.Url, client.ConnectionOptions, ct);
            hello = connection.Hello!;
        }
        catch (CairnCallException refused)
        {
            return client.Output.Fail(refused.Error);
        }

        Print(client.Output, client.Settings, hello, health, counts);
        return ExitCodes.Ok;
    }

    private static void Print(CliOutput output, ClientSettings settings, Hello hello, HealthReport health, Dictionary<string, int> counts)
    {
        var provider = hello.Provider;
        var named = hello.Features.NamedSessions;
        if (settings.Json)
        {
            output.Json(new StatusReport(settings.Url.ToString().TrimEnd('/'), Reachable: true, hello.Server.Version, hello.Protocol,
                health.Store.SchemaVersion ?? 0, provider, named, counts, health.Provider));
            return;
        }

        var lines = new (string Name, string Value)[]
        {
            ("Gateway", $"{output.Green("reachable")} at {settings.Url.ToString().TrimEnd('/')}"),
            ("Version", $"{hello.Server.Version} (protocol {hello.Protocol})"),
            ("Provider", ProviderLine(output, provider, health.Provider)),
            ("Named sessions", named ? "on" : output.Yellow("off")),
            ("Sessions", $"{counts["total"]} ({counts["persistent"]} persistent, {counts["temporary"]} temporary)"),
        };
        foreach (var (name, value) in lines)
        {
            output.Line(output.Bold((name + ":").PadRight(16)) + value);
        }
    }

    /// <summary><c>openai gpt-4o-mini  reachable</c>, or <c>unreachable — reason: message</c> in red.</summary>
    private static string ProviderLine(CliOutput output, ProviderInfo provider, HealthProvider? health)
    {
        var offline = provider.Offline ? " (offline: it repeats what you say)" : "";
        var state = health switch
        {
            null => "",
            { State: HealthProvider.Degraded } => "  " + output.Red($"unreachable — {health.Reason ?? "provider_error"}: {health.Message ?? "no details"}"),
            _ => "  " + output.Green("reachable"),
        };
        return $"{provider.Name} {provider.Model}{state}{offline}";
    }
}
