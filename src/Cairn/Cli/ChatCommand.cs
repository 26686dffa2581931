using System.CommandLine;

namespace Cairn.Cli;

/// <summary>
/// <c>cairn chat</c>: an interactive chat in the terminal over the gateway's WebSocket. By default it talks as
/// the peer <c>cli:&lt;user&gt;</c>, so the active session is the one this user last switched to (kept by the
/// gateway across restarts); <c>--session</c> talks in one session instead.
/// </summary>
public static class ChatCommand
{
    public static Command Build()
    {
        var options = new ClientOptions();
        var session = new Option<string?>("--session")
        {
            Description = "Talk in this session (its key) instead of your peer's active one; /session switch then changes it for this chat only.",
        };
        var peer = new Option<string?>("--peer") { Description = "Who you are to the gateway (default cli:<your user name>); each peer has its own active session." };
        var command = options.AddTo(new Command("chat",
            "Chat with the assistant in the terminal, with streamed replies and every slash command (/help). Ends on end of input or /quit.")
        {
            session,
            peer,
        }, json: false);
        command.Validators.Add(r =>
        {
            if (r.GetValue(session) is not null && r.GetValue(peer) is not null)
            {
                r.AddError("--session and --peer cannot be used together: a peer talks in its active session.");
            }
        });
        command.SetAction(async (result, ct) =>
        {
            var settings = options.Resolve(result);
            var chat = new ChatLoop(settings, CliOutput.ForConsole(), Console.In, result.GetValue(session),
                result.GetValue(peer) is { Length: > 0 } p ? p : DefaultPeer());
            return await chat.RunAsync(ct);
        });
        return command;
    }

    /// <summary><c>cli:&lt;user name&gt;</c>, so each person on a machine keeps their own active session.</summary>
    public static string DefaultPeer() => "cli:" + (Environment.UserName is { Length: > 0 } user ? user : "user");
}
