using System.CommandLine;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions delete &lt;key&gt; [--yes]</c>. Deleting removes every transcript of the session, so it asks
/// first on a terminal; without a terminal (a script) it needs <c>--yes</c>.
/// </summary>
internal static class SessionsDeleteCommand
{
    public static Command Build(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when standard input is not a terminal)." };
        var command = new Command("delete", "Delete a session and all its messages (main cannot be deleted).") { key, yes };
        ClientRun.SetAction(command, options, async (result, client, ct) =>
        {
            var target = result.GetValue(key)!;
            if (!result.GetValue(yes))
            {
                var found = await client.Api.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams(target), ct);
                if (found.Error is { } error)
                {
                    return client.Output.Fail(client.Explain(error));
                }

                var entry = found.Result.Entry;
                if (Console.IsInputRedirected)
                {
                    return client.Output.Fail(ErrorCode.InvalidRequest.WireName(), $"Not deleting {SessionView.Name(entry)} without confirmation: pass --yes.");
                }

                Console.Write($"Delete {SessionView.Name(entry)} and its {entry.MessageCount} messages? [y/N] ");
                if ((Console.ReadLine() ?? "").Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    client.Output.Line("Not deleted.");
                    return ExitCodes.Failed;
                }
            }

            return await ClientRun.CallAsync<SessionsDeleteResult>(client, "sessions.delete", new SessionKeyParams(target),
                _ => client.Output.Line($"Deleted {target}."), ct);
        });
        return command;
    }
}
