using System.Threading.Channels;
using Cairn.Protocol;

namespace Cairn.OpenAi;

/// <summary>
/// The <c>chat</c> events of one run, read from the gateway's event hub as every other surface reads them. It
/// subscribes before the send, so no delta is missed, and keeps only the events of the run once it is known.
/// </summary>
public sealed class RunEvents : IDisposable
{
    private readonly Channel<ChatEvent> _events = Channel.CreateUnbounded<ChatEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly EventSubscription _subscription;

    public RunEvents(EventHub hub) =>
        _subscription = hub.Subscribe(e =>
        {
            if (e.Payload is ChatEvent chat)
            {
                _events.Writer.TryWrite(chat);
            }
        });

    /// <summary>The run's deltas and its end (final, aborted or error), in order; the end is the last one.</summary>
    public async IAsyncEnumerable<ChatEvent> ReadAsync(string runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var chat in _events.Reader.ReadAllAsync(ct))
        {
            if (chat.RunId != runId)
            {
                continue;
            }

            yield return chat;
            if (chat.State != RunState.Delta)
            {
                yield break;
            }
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _events.Writer.TryComplete();
    }
}
