using Cairn.Protocol;

namespace Cairn.Chat;

/// <summary>How a run ended: final, error or aborted, with the stored reply (if any) or the error text.</summary>
public sealed record RunOutcome(RunState Status, TranscriptMessage? Message, string? Error, string? Reason = null)
{
    /// <summary>The run's end as <c>chat.send</c> (with <c>wait</c>) reports it.</summary>
    public SendStatus SendStatus => Status switch
    {
        RunState.Final => SendStatus.Final,
        RunState.Aborted => SendStatus.Aborted,
        RunState.Error => SendStatus.Error,
        _ => throw new InvalidOperationException($"A run does not end in state {Status}."),
    };
}

/// <summary>What holds a session's run lock: a reply being written, or a compaction asked for by the user.</summary>
public enum RunKind
{
    Reply,
    Compaction,
}

/// <summary>One reply (or compaction) in progress in one session. Cancelled by chat.abort or gateway shutdown.</summary>
public sealed class ChatRun(string runId, string sessionKey, CancellationToken stopping, RunKind kind = RunKind.Reply) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private readonly TaskCompletionSource<RunOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RunId => runId;

    public string SessionKey => sessionKey;

    public RunKind Kind => kind;

    /// <summary>A <c>chat.retry</c> with <c>regenerate</c> of an answered turn: the replies after the last question are not sent.</summary>
    public bool Regenerate { get; set; }

    public CancellationToken Token => _cancel.Token;

    public Task<RunOutcome> Completion => _done.Task;

    public void Abort() => _cancel.Cancel();

    public void Complete(RunOutcome outcome) => _done.TrySetResult(outcome);

    public void Dispose() => _cancel.Dispose();
}
