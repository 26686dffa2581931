using System.Globalization;
using System.Runtime.CompilerServices;
using Cairn.Chat.Context;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// The offline default model. Deterministic: it repeats the last user message and describes the history it was
/// given (how many earlier messages, and the first one), so that context isolation between sessions is visible.
/// Streams its reply a word at a time, with token usage counted in words. Asked to compact (a request starting with
/// <see cref="CompactionPrompt.Heading"/>), it answers with an honest mechanical summary: the first words of each
/// message. It stops at <c>MaxOutputTokens</c> words, and with a <paramref name="contextWindow"/> (the gateway always
/// gives it one: <c>model.contextWindow</c>, else 2048) it refuses a prompt of more words than that with llama.cpp's
/// overflow error, so compaction and overflow recovery can be seen offline.
/// </summary>
public sealed class EchoChatClient(int? contextWindow = null) : IChatClient
{
    public const string ModelName = "echo-1";
    public const string SummaryPreamble = "Mechanical summary by the offline echo model (it cannot read for meaning; these are the first words of each message):";
    private const int WordsPerEntry = 8;

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

    /// <summary>The first words of each message block of a compaction request (see <see cref="CompactionPrompt.Transcript"/>).</summary>
    public static string MechanicalSummary(IReadOnlyList<ChatMessage> messages)
    {
        var lines = (messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "").Split('\n');
        var entries = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var header = lines[i].Trim();
            if (header.StartsWith('[') && header.EndsWith(']'))
            {
                var body = lines.Skip(i + 1).FirstOrDefault(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('[')) ?? "";
                var words = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                entries.Add($"{header} {string.Join(' ', words.Take(WordsPerEntry))}{(words.Length > WordsPerEntry ? "…" : "")}");
            }
        }

        return $"{SummaryPreamble} {string.Join(" · ", entries)}";
    }

    public static bool IsCompaction(IReadOnlyList<ChatMessage> messages) =>
        messages.FirstOrDefault(m => m.Role == ChatRole.System)?.Text.StartsWith(CompactionPrompt.Heading, StringComparison.Ordinal) == true;

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
        var input = list.Sum(m => CountWords(m.Text));
        if (contextWindow is { } window && input > window)
        {
            throw Overflow(input, window);
        }

        var words = (IsCompaction(list) ? MechanicalSummary(list) : Reply(list)).Split(' ');
        var limit = options?.MaxOutputTokens is > 0 and var max ? Math.Min(max, words.Length) : words.Length;
        for (var i = 0; i < limit; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, i == 0 ? words[i] : " " + words[i]) { ModelId = ModelName };
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            FinishReason = limit < words.Length ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = limit })],
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("echo", null, ModelName)
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private static ProviderException Overflow(int input, int window)
    {
        var message = string.Create(CultureInfo.InvariantCulture, $"request ({input} tokens) exceeds the available context size ({window} tokens)");
        return new ProviderException(ProviderErrors.FromResponse(400, $$$"""{"error":{"code":400,"message":"{{{message}}}","type":"exceed_context_size_error"}}""", null));
    }

    private static int CountWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
