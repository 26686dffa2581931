using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Providers;

/// <summary>
/// A hand-written fake model: each call runs the next script from <see cref="Scripts"/> (the last one repeats),
/// which yields updates or throws. Counts calls, keeps what it was sent.
/// </summary>
public sealed class ScriptedChatClient : IChatClient
{
    public delegate IAsyncEnumerable<ChatResponseUpdate> Script(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken);

    public List<Script> Scripts { get; } = [];

    public int Calls { get; private set; }

    public List<IReadOnlyList<ChatMessage>> Sent { get; } = [];

    public List<ChatOptions?> Options { get; } = [];

    public static ChatResponseUpdate TextUpdate(string text) => new(ChatRole.Assistant, text);

    public static ChatResponseUpdate Finish(ChatFinishReason? reason = null) => new() { Role = ChatRole.Assistant, FinishReason = reason ?? ChatFinishReason.Stop };

    /// <summary>A script that streams these texts, then a stop.</summary>
    public static Script Says(params string[] texts) => (_, _, ct) => Stream(ct, [.. texts.Select(TextUpdate), Finish()]);

    /// <summary>A script that streams these updates, then throws.</summary>
    public static Script Fails(Exception error, params ChatResponseUpdate[] before) => (_, _, ct) => StreamThenThrow(before, error, ct);

    /// <summary>A script that streams these texts, then waits for cancellation forever.</summary>
    public static Script Hangs(params string[] before) => (_, _, ct) => StreamThenHang(before, ct);

    public static async IAsyncEnumerable<ChatResponseUpdate> Stream([EnumeratorCancellation] CancellationToken cancellationToken, params ChatResponseUpdate[] updates)
    {
        foreach (var update in updates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return update;
        }
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Sent.Add(list);
        Options.Add(options);
        var script = Scripts[Math.Min(Calls, Scripts.Count - 1)];
        Calls++;
        return script(list, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> StreamThenThrow(ChatResponseUpdate[] before, Exception error,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var update in before)
        {
            await Task.Yield();
            yield return update;
        }

        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        throw error;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> StreamThenHang(string[] before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var text in before)
        {
            await Task.Yield();
            yield return TextUpdate(text);
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
