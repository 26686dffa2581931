using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Cairn.Chat.Providers;

/// <summary>
/// Turns replies that only look successful into failures: an empty completion (no text, no tool call), a stream
/// that ends without a finish reason (the server broke off; raised after the text already yielded, so the run loop
/// can store it as incomplete), and a <c>content_filter</c> finish.
/// </summary>
public sealed class StreamGuardChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        Check(response.Messages.SelectMany(m => m.Contents).Any(IsContent), response.FinishReason, finishExpected: false);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var content = false;
        ChatFinishReason? finish = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            content |= update.Contents.Any(IsContent);
            finish = update.FinishReason ?? finish;
            yield return update;
        }

        Check(content, finish, finishExpected: true);
    }

    /// <summary>True for what a user or the run loop can use: text, or a tool call.</summary>
    public static bool IsContent(AIContent content) => content is TextContent { Text.Length: > 0 } or FunctionCallContent;

    private static void Check(bool content, ChatFinishReason? finish, bool finishExpected)
    {
        if (finish == ChatFinishReason.ContentFilter)
        {
            throw Fail(ProviderReasons.ContentFilter, "The model provider's content filter stopped the reply.", retryable: false);
        }

        if (!content)
        {
            throw Fail(ProviderReasons.ProviderError, "The model returned an empty reply (no text and no tool call).", retryable: false);
        }

        if (finishExpected && finish is null)
        {
            throw Fail(ProviderReasons.Unavailable, "The model provider's stream ended before the reply was finished.", retryable: true);
        }
    }

    private static ProviderException Fail(string reason, string message, bool retryable) =>
        new(new ProviderFailure(reason, message) { Hint = message, Retryable = retryable });
}
