namespace Cairn.Protocol;

/// <summary>
/// The answer to <c>chat.send</c>: <see cref="SendStatus.Started"/> (the reply streams as events), or with
/// <c>wait</c> the run's end (final, error, aborted), or <see cref="SendStatus.Command"/> for a slash command.
/// </summary>
public sealed record ChatSendResult(string SessionKey, SendStatus Status, string? RunId = null, TranscriptMessage? Message = null,
    string? Error = null, CommandReply? Command = null, string? Reason = null);

public enum SendStatus
{
    Started,
    Command,
    Final,
    Error,
    Aborted,
}

public sealed record ChatHistoryResult(string SessionKey, string SessionId, IReadOnlyList<TranscriptMessage> Messages);

public sealed record ChatAbortResult(bool Aborted, IReadOnlyList<string> RunIds);

/// <summary>What the web UI should do after a command, e.g. <c>{type: "switch", key: "work"}</c>.</summary>
public sealed record CommandAction(string Type, string Key);

/// <summary>The reply of a command: its name ("session new"), readable text, and an optional action.</summary>
public sealed record CommandReply(string Name, string Reply, CommandAction? Action = null);

/// <summary>An entry of <c>commands.list</c>.</summary>
public sealed record CommandInfo(string Name, string Usage, string Summary);

/// <summary>The result of <c>commands.list</c>.</summary>
public sealed record CommandsListResult(IReadOnlyList<CommandInfo> Commands);

/// <summary>For methods that take no parameters.</summary>
public sealed record NoParams;
