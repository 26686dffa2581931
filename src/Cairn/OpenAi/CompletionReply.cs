using Cairn.Protocol;

namespace Cairn.OpenAi;

/// <summary>What is known of a completion once its send was accepted: the ids and names every chunk repeats.</summary>
public sealed record CompletionReply(string Id, long Created, string SessionKey, bool IncludeUsage)
{
    public string Model => SessionTarget.ModelOf(SessionKey);

    public ChatCompletion Completion(string text, CompletionUsage usage) =>
        new(Id, Created, Model, [new CompletionChoice(0, new AssistantMessage(text), "stop")], usage);

    public ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason = null) =>
        new(Id, Created, Model, [new ChunkChoice(0, delta, finishReason)]);

    public ChatCompletionChunk UsageChunk(CompletionUsage usage) => new(Id, Created, Model, []) { Usage = usage };

    /// <summary>
    /// A slash command's reply as the assistant's message. A session picked by model name cannot follow a switch,
    /// so the reply says how to get there.
    /// </summary>
    public static string CommandText(CommandReply command, SessionTarget target) =>
        command.Action is { Type: "switch" } action && target.SessionKey is not null && action.Key != target.SessionKey
            ? $"{command.Reply}\n\n(This client is pinned to '{target.SessionKey}' by its model name: use the model "
              + $"'{SessionTarget.ModelOf(action.Key)}' to talk there, or '{SessionTarget.Model}' to follow /session switch.)"
            : command.Reply;
}
