using Cairn.Protocol;

namespace Cairn.Commands;

/// <summary>
/// A slash command typed on some surface. <see cref="Peer"/> is set when the surface has no URL and keeps
/// its active session in a peer binding; otherwise a switch is returned as an action for the UI to follow.
/// <see cref="ConnectionId"/> is the WebSocket connection it came on, if any.
/// </summary>
public sealed record CommandInvocation(string SessionKey, string Text, string Surface, string? Peer, string? ConnectionId = null)
{
    /// <summary>Who typed it, as the services count it.</summary>
    public Caller Caller => new(Surface, ConnectionId);
}

/// <summary>
/// The seam between <c>chat.send</c> and the command registry: chat asks whether a message is a command and,
/// if so, runs it instead of the model, storing the command and its reply in the session's transcript.
/// </summary>
public interface ISlashCommands
{
    bool IsCommand(string text);

    Task<CommandReply> RunAsync(CommandInvocation invocation, CancellationToken ct);
}
