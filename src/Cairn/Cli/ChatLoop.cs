using Cairn.Client;
using Cairn.Protocol;

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
        try
        {
            await using var connection = await CairnConnection.ConnectAsync(settings.Url, settings.ConnectionOptions, ct);
            var start = sessionKey is null
                ? (await connection.RequestAsync<SessionsActiveResult>("sessions.active", new SessionsActiveParams(peer), ct)).Select(r => r.Entry)
                : (await connection.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams(sessionKey), ct)).Select(r => r.Entry);
            if (start.Error is { } error)
            {
                return output.Fail(error);
            }

            _current = start.Result.Key;
            Banner(connection.Hello!, start.Result);
            try
            {
                return await LoopAsync(connection, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                output.Line();
                return ExitCodes.Ok;
            }
        }
        catch (CairnCallException refused)
        {
            return output.Fail(refused.Error);
        }
        catch (GatewayUnreachableException unreachable)
        {
            return output.Fail(unreachable, settings.UrlFile);
        }
    }

    private async Task<int> LoopAsync(CairnConnection connection, CancellationToken ct)
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

            var target = sessionKey is null ? new ChatSendParams(line, Peer: peer) : new ChatSendParams(line, SessionKey: _current);
            // The answer comes at once; Ctrl+C does not cancel the wait for it, so the run it starts is known and
            // is stopped on the gateway too (cancelling here left a run streaming for nobody).
            ChatSendResult started;
            using (var answer = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                var sent = await connection.RequestAsync<ChatSendResult>("chat.send", target, answer.Token);
                if (sent.Error is { } error)
                {
                    output.Fail(error);
                    continue;
                }

                started = sent.Result;
            }

            await ShowAsync(connection, started, ct);
        }
    }

    /// <summary>Prints what chat.send answered: a command's reply, a finished run, or the reply as it streams.</summary>
    private async Task ShowAsync(CairnConnection connection, ChatSendResult result, CancellationToken ct)
    {
        switch (result.Status)
        {
            case SendStatus.Command:
                output.Line(result.Command?.Reply ?? "");
                if (result.Command?.Action is { Type: "switch" } action)
                {
                    _current = action.Key;
                }

                return;
            case SendStatus.Started:
                await StreamAsync(connection, result.RunId!, ct);
                return;
            default:
                // A finished run (e.g. a repeated idempotency key): its whole message is in the result.
                output.Line(result.Message?.Text ?? result.Status.WireName());
                return;
        }
    }

    private async Task StreamAsync(CairnConnection connection, string runId, CancellationToken ct)
    {
        try
        {
            await PrintRunAsync(connection, runId, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C while a reply streams: stop it on the gateway too, or it keeps generating for nobody. The abort
            // normally takes milliseconds; the bound is generous because a busy machine can take seconds to send a
            // fresh process's first request of a kind (3 s lost the abort under load, and the run went on).
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await connection.RequestAsync<ChatAbortResult>("chat.abort", new ChatAbortParams(_current, runId), grace.Token);
            throw;
        }
    }

    private async Task PrintRunAsync(CairnConnection connection, string runId, CancellationToken ct)
    {
        var printed = false;
        while (true)
        {
            var evt = await connection.NextEventAsync<ChatEvent>(e => e.RunId == runId, ct);
            _current = evt.SessionKey;
            switch (evt.State)
            {
                case RunState.Delta:
                    output.Out.Write(evt.Text);
                    printed |= evt.Text.Length > 0;
                    break;
                case RunState.Final:
                    output.Line(printed ? "" : evt.Text);
                    return;
                case RunState.Aborted:
                    output.Line((printed ? "\n" : "") + output.Yellow("[stopped]"));
                    return;
                default:
                    output.Line((printed ? "\n" : "") + output.Red("error: ") + evt.Text);
                    return;
            }
        }
    }

    private void Banner(Hello hello, SessionEntry entry)
    {
        var provider = hello.Provider;
        var offline = provider.Offline ? ", offline echo" : "";
        output.Line(output.Dim($"Cairn {hello.Server.Version} at {settings.Url.ToString().TrimEnd('/')} " +
            $"(model {provider.Name} {provider.Model}{offline})."));
        output.Line(output.Dim($"Session: {SessionView.Name(entry)}{(sessionKey is null ? $" as {peer}" : "")}. /help lists the commands; /quit or end of input leaves."));
    }
}
