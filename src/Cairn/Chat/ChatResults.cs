using Cairn.Commands;
using Cairn.Store;

namespace Cairn.Chat;

/// <summary>
/// The answer to <c>chat.send</c>. Status is <c>started</c> (reply streams as events), or with <c>wait</c> the
/// run's end (<c>final</c>, <c>error</c>, <c>aborted</c>), or <c>command</c> for a slash command.
/// </summary>
public sealed record ChatSendResult(string SessionKey, string Status, string? RunId = null, TranscriptMessage? Message = null,
    string? Error = null, CommandReply? Command = null);

public sealed record ChatHistoryResult(string SessionKey, string SessionId, IReadOnlyList<TranscriptMessage> Messages);

public sealed record ChatAbortResult(bool Aborted, IReadOnlyList<string> RunIds);

/// <summary>Payload of the <c>chat</c> event: a delta (new text), or the end of a run (final text, error message).</summary>
public sealed record ChatEvent(string RunId, string SessionKey, long Seq, string State, string Text);
