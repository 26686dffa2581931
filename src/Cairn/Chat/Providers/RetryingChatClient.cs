using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// Retries a model call that failed before its first token (text or tool call), for retryable reasons only
/// (<see cref="ProviderFailure.Retryable"/>: rate limits but not quota, 5xx, unreachable, transport timeouts),
/// as <see cref="ProviderRetryPolicy"/> says, waiting on the <see cref="TimeProvider"/>. Updates without content
/// (a role-only first chunk) are held back until the first content, so a retry never repeats what the caller saw.
/// Once content has been yielded, a failure passes through unchanged.
/// </summary>
public sealed class RetryingChatClient(IChatClient inner, ProviderRetryPolicy policy, TimeProvider time, ILogger logger,
    Func<double>? random = null, string? secret = null) : DelegatingChatClient(inner)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.GetResponseAsync(list, options, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && WaitFor(ex, attempt) is { } delay)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        var held = new List<ChatResponseUpdate>();
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            for (var attempt = 1; updates is null; attempt++)
            {
                updates = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                if (await FirstContentAsync(updates, held, attempt, cancellationToken) is not { } delay)
                {
                    break;
                }

                await updates.DisposeAsync();
                updates = null;
                held.Clear();
                await Task.Delay(delay, time, cancellationToken);
            }

            foreach (var update in held)
            {
                yield return update;
            }

            while (await updates!.MoveNextAsync())
            {
                yield return updates.Current;
            }
        }
        finally
        {
            if (updates is not null)
            {
                await updates.DisposeAsync();
            }
        }
    }

    /// <summary>Reads until the first content (or the end) into <paramref name="held"/>; a retryable failure on the way returns the wait.</summary>
    private async Task<TimeSpan?> FirstContentAsync(IAsyncEnumerator<ChatResponseUpdate> updates, List<ChatResponseUpdate> held, int attempt,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await updates.MoveNextAsync())
            {
                held.Add(updates.Current);
                if (updates.Current.Contents.Any(StreamGuardChatClient.IsContent))
                {
                    return null;
                }
            }

            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && WaitFor(ex, attempt) is { } delay)
        {
            return delay;
        }
    }

    private TimeSpan? WaitFor(Exception error, int attempt)
    {
        if (attempt > policy.MaxRetries || error is OperationCanceledException and not TaskCanceledException)
        {
            return null;
        }

        var failure = ProviderErrors.Classify(error, secret, time);
        if (!failure.Retryable || policy.Delay(attempt, failure.RetryAfter, _random()) is not { } delay)
        {
            return null;
        }

        Log.Retrying(logger, failure.Reason, attempt, policy.MaxRetries, (long)delay.TotalMilliseconds);
        return delay;
    }
}
