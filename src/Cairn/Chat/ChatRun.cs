using Cairn.Store;

namespace Cairn.Chat;

/// <summary>How a run ended: final, error or aborted, with the stored reply (if any) or the error text.</summary>
public sealed record RunOutcome(string Status, TranscriptMessage? Message, string? Error);

/// <summary>One reply being generated for one session. Cancelled by chat.abort or gateway shutdown.</summary>
public sealed class ChatRun(string runId, string sessionKey, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private readonly TaskCompletionSource<RunOutcome> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RunId => runId;

    public string SessionKey => sessionKey;

    public CancellationToken Token => _cancel.Token;

    public Task<RunOutcome> Completion => _done.Task;

    public void Abort() => _cancel.Cancel();

    public void Complete(RunOutcome outcome) => _done.TrySetResult(outcome);

    public void Dispose() => _cancel.Dispose();
}
