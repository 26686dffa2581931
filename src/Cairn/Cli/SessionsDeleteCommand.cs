using System.CommandLine;

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
        ClientRun.SetAction(command, options, async (result, client, output, ct) =>
        {
            var target = result.GetValue(key)!;
            if (!result.GetValue(yes))
            {
                var found = await client.CallAsync("sessions.get", new { key = target }, ct);
                if (!found.Ok)
                {
                    return output.Fail(found);
                }

                if (Console.IsInputRedirected)
                {
                    return output.Fail("INVALID_REQUEST", $"Not deleting {SessionView.Name(found.Result.GetProperty("entry"))} without confirmation: pass --yes.");
                }

                var entry = found.Result.GetProperty("entry");
                Console.Write($"Delete {SessionView.Name(entry)} and its {entry.GetProperty("messageCount").GetInt32()} messages? [y/N] ");
                if ((Console.ReadLine() ?? "").Trim().ToLowerInvariant() is not ("y" or "yes"))
                {
                    output.Line("Not deleted.");
                    return ExitCodes.Failed;
                }
            }

            return await ClientRun.CallAsync(client, output, "sessions.delete", new { key = target }, _ => output.Line($"Deleted {target}."), ct);
        });
        return command;
    }
}
