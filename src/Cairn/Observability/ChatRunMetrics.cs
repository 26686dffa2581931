using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Observability;

/// <summary>
/// Counts chat runs and provider failures from the <c>chat</c> events every run ends with (final, aborted,
/// error), so the chat runtime needs no metric calls of its own. A run ends in error only when the model
/// call failed (the runner's catch-all is the provider boundary), so each error is also a provider error.
/// </summary>
public sealed class ChatRunMetrics : IDisposable
{
    private readonly IDisposable _subscription;

    public ChatRunMetrics(EventHub events, CairnMetrics metrics, ProviderInfo provider) =>
        _subscription = events.Subscribe(evt =>
        {
            if (evt.Payload is not ChatEvent { State: RunState.Final or RunState.Aborted or RunState.Error } chat)
            {
                return;
            }

            metrics.ChatRunFinished(chat.State.WireName());
            if (chat.State == RunState.Error)
            {
                metrics.ProviderError(provider.Name);
            }
        });

    public void Dispose() => _subscription.Dispose();
}
