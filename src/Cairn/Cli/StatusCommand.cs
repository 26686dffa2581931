using System.CommandLine;
using System.Text.Json;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn status</c>: is the gateway reachable, which version and model provider it runs, and how many
/// sessions it holds (persistent and temporary).
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

    private static async Task<int> RunAsync(ParseResult result, GatewayClient client, CliOutput output, CancellationToken ct)
    {
        var health = await client.HealthAsync(ct);
        if (!health.Ok)
        {
            return output.Fail(health);
        }

        var counts = new Dictionary<string, int>();
        foreach (var (name, persistent) in new (string, bool?)[] { ("total", null), ("persistent", true), ("temporary", false) })
        {
            var page = await client.CallAsync("sessions.list", new { limit = 1, persistent }, ct);
            if (!page.Ok)
            {
                return output.Fail(page);
            }

            counts[name] = page.Result.GetProperty("total").GetInt32();
        }

        // Version and provider are in the WebSocket hello; the counts above already proved the token works.
        var (socket, hello) = await GatewaySocket.ConnectAsync(client.Settings, ct);
        if (socket is null)
        {
            return output.Fail(hello);
        }

        await socket.DisposeAsync();

        Print(output, client.Settings, hello.Result, health.Result, counts);
        return ExitCodes.Ok;
    }

    private static void Print(CliOutput output, ClientSettings settings, JsonElement hello, JsonElement health, Dictionary<string, int> counts)
    {
        var provider = hello.GetProperty("provider");
        var named = hello.GetProperty("features").GetProperty("namedSessions").GetBoolean();
        if (settings.Json)
        {
            output.Json(new
            {
                url = settings.Url.ToString().TrimEnd('/'),
                reachable = true,
                version = hello.GetProperty("server").GetProperty("version").GetString(),
                protocol = hello.GetProperty("protocol").GetInt32(),
                schemaVersion = health.TryGetProperty("schemaVersion", out var schema) ? schema.GetInt32() : 0,
                provider,
                namedSessions = named,
                sessions = counts,
            });
            return;
        }

        var offline = provider.TryGetProperty("offline", out var o) && o.GetBoolean() ? " (offline: it repeats what you say)" : "";
        var lines = new (string Name, string Value)[]
        {
            ("Gateway", $"{output.Green("reachable")} at {settings.Url.ToString().TrimEnd('/')}"),
            ("Version", $"{hello.GetProperty("server").GetProperty("version").GetString()} (protocol {hello.GetProperty("protocol").GetInt32()})"),
            ("Provider", $"{provider.GetProperty("name").GetString()} {provider.GetProperty("model").GetString()}{offline}"),
            ("Named sessions", named ? "on" : output.Yellow("off")),
            ("Sessions", $"{counts["total"]} ({counts["persistent"]} persistent, {counts["temporary"]} temporary)"),
        };
        foreach (var (name, value) in lines)
        {
            output.Line(output.Bold((name + ":").PadRight(16)) + value);
        }
    }
}
