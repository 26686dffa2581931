using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// Enforces <see cref="ProviderTimeouts"/> with timers from the <see cref="TimeProvider"/>: until the first update
/// with text or a tool call, the first-token timeout; after it, the idle timeout, restarted by every update; over
/// all, the deadline. Each ends the call with a <see cref="ProviderException"/> of reason <c>timeout</c> naming the
/// key to raise. A non-streaming call (compaction) has only the deadline. The caller's own cancellation passes
/// through as <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class TimeoutChatClient(IChatClient inner, ProviderTimeouts timeouts, TimeProvider time, ILogger logger) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeouts.Overall, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await base.GetResponseAsync(messages, options, linked.Token);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested && ex is not ProviderException)
        {
            throw TimedOut("overall", ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var deadline = new CancellationTokenSource(timeouts.Overall, time);
        using var wait = new CancellationTokenSource(timeouts.FirstToken, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, wait.Token);
        await using var updates = base.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
        var started = false;
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (Exception ex) when ((deadline.IsCancellationRequested || wait.IsCancellationRequested)
                && !cancellationToken.IsCancellationRequested && ex is not ProviderException)
            {
                throw TimedOut(deadline.IsCancellationRequested ? "overall" : started ? "idle" : "first", ex);
            }

            started |= updates.Current.Contents.Any(StreamGuardChatClient.IsContent);
            if (started)
            {
                wait.CancelAfter(timeouts.Idle);
            }

            yield return updates.Current;
        }
    }

    private ProviderException TimedOut(string which, Exception inner)
    {
        Log.TimedOut(logger, which);
        var message = which switch
        {
            "first" => $"The model provider did not answer in time: no first token within {Seconds(timeouts.FirstToken)} (model.firstTokenTimeoutSeconds).",
            "idle" => $"The model provider did not answer in time: the reply stalled for {Seconds(timeouts.Idle)} (model.idleTimeoutSeconds).",
            _ => $"The model provider did not answer in time: the call passed its {Seconds(timeouts.Overall)} deadline (model.timeoutSeconds).",
        };
        return new ProviderException(new ProviderFailure(ProviderReasons.Timeout, message) { Hint = message, Retryable = which == "first" }, inner);
    }

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
}
