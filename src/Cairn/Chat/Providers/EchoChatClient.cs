using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// The offline default model. Deterministic: it repeats the last user message and describes the history it was
/// given (how many earlier messages, and the first one), so that context isolation between sessions is visible.
/// Streams its reply a word at a time, with token usage counted in words.
/// </summary>
public sealed class EchoChatClient : IChatClient
{
    public const string ModelName = "echo-1";

    public static string Reply(IReadOnlyList<ChatMessage> messages)
    {
        var conversation = messages.Where(m => m.Role == ChatRole.User || m.Role == ChatRole.Assistant).ToList();
        var last = conversation.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var earlier = conversation.Count - 1;
        var history = earlier <= 0
            ? "This is the first message of this conversation."
            : string.Create(CultureInfo.InvariantCulture,
                $"This conversation has {earlier} earlier message{(earlier == 1 ? "" : "s")}; it began with \"{Shorten(conversation[0].Text)}\".");
        var system = messages.FirstOrDefault(m => m.Role == ChatRole.System) is { } prompt ? $" System prompt: \"{Shorten(prompt.Text)}\"." : "";
        return $"Echo: {last}\n\n(offline echo model) {history}{system}";
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

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var reply = Reply(list);
        var words = reply.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = ModelName };
        }

        var input = list.Sum(m => CountWords(m.Text));
        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = words.Length })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("echo", null, ModelName)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
