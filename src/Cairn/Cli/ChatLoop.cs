using System.Text.Json;

namespace Cairn.Cli;

/// <summary>
/// The read–send–print loop of <c>cairn chat</c>. Each line goes to <c>chat.send</c>; a slash command's reply is
/// printed at once (and a switch moves the prompt), a model reply is printed as its <c>chat</c> delta events
/// arrive. <c>/quit</c>, <c>/exit</c> and end of input leave.
/// </summary>
public sealed class ChatLoop(ClientSettings settings, CliOutput output, TextReader input, string? sessionKey, string peer)
{
    private string _current = sessionKey ?? "main";

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var (socket, hello) = await GatewaySocket.ConnectAsync(settings, ct);
        if (socket is null)
        {
            return output.Fail(hello);
        }

        await using (socket)
        {
            var start = sessionKey is null
                ? await socket.RequestAsync("sessions.active", new { peer }, ct)
                : await socket.RequestAsync("sessions.get", new { key = sessionKey }, ct);
            if (!start.Ok)
            {
                return output.Fail(start);
            }

            _current = start.Result.GetProperty("entry").GetProperty("key").GetString()!;
            Banner(hello.Result, start.Result.GetProperty("entry"));
            try
            {
                return await LoopAsync(socket, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                output.Line();
                return ExitCodes.Ok;
            }
        }
    }

    private async Task<int> LoopAsync(GatewaySocket socket, CancellationToken ct)
    {
        while (true)
        {
            output.Out.Write(output.Bold($"{_current}> "));
            var line = await input.ReadLineAsync(ct);
            if (line is null)
            {
                output.Line();
                return ExitCodes.Ok;
            }

            var text = line.Trim();
            if (text.Length == 0)
            {
                continue;
            }

            if (text is "/quit" or "/exit")
            {
                return ExitCodes.Ok;
            }

            object target = sessionKey is null ? new { peer, message = line } : new { sessionKey = _current, message = line };
            var sent = await socket.RequestAsync("chat.send", target, ct);
            if (!sent.Ok)
            {
                output.Fail(sent);
                if (sent.Unreachable)
                {
                    return ExitCodes.Unreachable;
                }

                continue;
            }

            if (!await ShowAsync(socket, sent.Result, ct))
            {
                return output.Fail(GatewayReply.NotReached(settings.Url, "the connection was closed"));
            }
        }
    }

    /// <summary>Prints what chat.send answered; false when the connection ended while waiting for the reply.</summary>
    private async Task<bool> ShowAsync(GatewaySocket socket, JsonElement result, CancellationToken ct)
    {
        var status = result.GetProperty("status").GetString();
        if (status == "command")
        {
            var command = result.GetProperty("command");
            output.Line(command.GetProperty("reply").GetString() ?? "");
            if (command.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
                && action.GetProperty("type").GetString() == "switch")
            {
                _current = action.GetProperty("key").GetString() ?? _current;
            }

            return true;
        }

        if (status != "started")
        {
            // A finished run (e.g. a repeated idempotency key): its whole message is in the result.
            output.Line(result.TryGetProperty("message", out var message) && message.TryGetProperty("text", out var text) ? text.GetString() ?? "" : status ?? "");
            return true;
        }

        return await StreamAsync(socket, result.GetProperty("runId").GetString()!, ct);
    }

    private async Task<bool> StreamAsync(GatewaySocket socket, string runId, CancellationToken ct)
    {
        var printed = false;
        await foreach (var frame in socket.Events.ReadAllAsync(ct))
        {
            var payload = frame.GetProperty("payload");
            if (frame.GetProperty("event").GetString() != "chat" || payload.GetProperty("runId").GetString() != runId)
            {
                continue;
            }

            _current = payload.TryGetProperty("sessionKey", out var key) ? key.GetString() ?? _current : _current;
            var text = payload.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            switch (payload.GetProperty("state").GetString())
            {
                case "delta":
                    output.Out.Write(text);
                    printed |= text.Length > 0;
                    break;
                case "final":
                    output.Line(printed ? "" : text);
                    return true;
                case "aborted":
                    output.Line((printed ? "\n" : "") + output.Yellow("[stopped]"));
                    return true;
                default:
                    output.Line((printed ? "\n" : "") + output.Red("error: ") + text);
                    return true;
            }
        }

        return false;
    }

    private void Banner(JsonElement hello, JsonElement entry)
    {
        var provider = hello.GetProperty("provider");
        var offline = provider.TryGetProperty("offline", out var o) && o.GetBoolean() ? ", offline echo" : "";
        output.Line(output.Dim($"Cairn {hello.GetProperty("server").GetProperty("version").GetString()} at {settings.Url.ToString().TrimEnd('/')} " +
            $"(model {provider.GetProperty("name").GetString()} {provider.GetProperty("model").GetString()}{offline})."));
        output.Line(output.Dim($"Session: {SessionView.Name(entry)}{(sessionKey is null ? $" as {peer}" : "")}. /help lists the commands; /quit or end of input leaves."));
    }
}
