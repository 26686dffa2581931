using System.CommandLine;
using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn sessions share &lt;key&gt; [--live] [--days N]</c>, <c>cairn sessions unshare &lt;token&gt;</c> and
/// <c>cairn sessions shares [key]</c>: read-only links to a conversation, through the gateway's share methods.
/// </summary>
internal static class SessionsShareCommands
{
    public static IEnumerable<Command> Build(ClientOptions options) => [Share(options), Unshare(options), List(options)];

    private static Command Share(ClientOptions options)
    {
        var key = SessionsCommand.KeyArgument();
        var live = new Option<bool>("--live") { Description = "Show the conversation as it is whenever the link is opened (default: a snapshot of now)." };
        var days = new Option<int?>("--days") { Description = "Days until the link stops working, 1-365 (default 30)." };
        var command = new Command("share", "Make a read-only link to a session's conversation, opened without the gateway token.") { key, live, days };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsShareResult>(client, "sessions.share",
                new SessionsShareParams(result.GetValue(key)!, result.GetValue(days), result.GetValue(live)), r =>
                {
                    var share = r.Share;
                    client.Output.Line(client.Output.Bold(share.Url));
                    client.Output.Line($"A {(share.Live ? "live view" : "snapshot")} of '{share.Label}', read-only; it stops working {Time(share.ExpiresAt)}.");
                    client.Output.Line(client.Output.Dim($"Revoke it with: cairn sessions unshare {share.Token}"));
                    if (share.LoopbackOnly)
                    {
                        client.Output.Line(client.Output.Yellow("The gateway listens on loopback only: the link opens on this machine, or through a reverse proxy."));
                    }
                }, ct));
        return command;
    }

    private static Command Unshare(ClientOptions options)
    {
        var token = new Argument<string>("token") { Description = "The link's token (the part after /s/)." };
        var command = new Command("unshare", "Revoke a share link; it stops working at once.") { token };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsUnshareResult>(client, "sessions.unshare", new SessionsUnshareParams(result.GetValue(token)!),
                _ => client.Output.Line("Revoked: the link no longer opens."), ct));
        return command;
    }

    private static Command List(ClientOptions options)
    {
        var key = new Argument<string?>("key") { Description = "Only this session's links.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("shares", "List the share links that still work.") { key };
        ClientRun.SetAction(command, options, (result, client, ct) =>
            ClientRun.CallAsync<SessionsSharesResult>(client, "sessions.shares", new SessionsSharesParams(result.GetValue(key)), r =>
            {
                if (r.Shares.Count == 0)
                {
                    client.Output.Line("No share links.");
                    return;
                }

                var rows = r.Shares.Select(s => (IReadOnlyList<string>)[s.SessionKey, s.Live ? "live" : "snapshot", Time(s.ExpiresAt), s.Url]).ToList();
                foreach (var line in TextTable.Render(["SESSION", "KIND", "EXPIRES", "LINK"], rows, (row, _, text) => row < 0 ? client.Output.Bold(text) : text))
                {
                    client.Output.Line(line);
                }
            }, ct));
        return command;
    }

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
