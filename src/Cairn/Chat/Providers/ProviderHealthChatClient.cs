using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// The outermost decorator of the provider pipeline: every failure leaves it as a new <see cref="ProviderException"/>
/// (classified by <see cref="ProviderErrors.Classify"/>, the key redacted from its message and from its logged text,
/// inner exceptions included), the caller's own cancellation as
/// <see cref="OperationCanceledException"/>; every outcome is recorded in <see cref="ProviderHealth"/>, which
/// <see cref="GetService"/> hands out.
/// </summary>
public sealed class ProviderHealthChatClient(IChatClient inner, ProviderHealth health, TimeProvider time, ILogger logger, string? secret = null)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            Succeeded();
            return response;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var updates = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await updates.MoveNextAsync())
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw Failed(ex);
            }

            yield return updates.Current;
        }

        Succeeded();
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ProviderHealth) ? health : base.GetService(serviceType, serviceKey);

    private void Succeeded()
    {
        var was = health.Status.State;
        health.RecordSuccess();
        if (was != ProviderHealthStatus.Ok)
        {
            Log.HealthChanged(logger, ProviderHealthStatus.Ok, null);
        }
    }

    private ProviderException Failed(Exception error)
    {
        // Always wrapped, and the wrapper logged: its text is redacted, the raw exception's may quote the key.
        var failure = ProviderErrors.Classify(error, secret, time);
        var wrapped = new ProviderException(failure, error, secret);
        Log.CallFailed(logger, failure.Reason, failure.Status, wrapped);
        var was = health.Status.State;
        health.RecordFailure(failure);
        if (health.Status.State != was)
        {
            Log.HealthChanged(logger, health.Status.State, failure.Reason);
        }

        return wrapped;
    }
}
