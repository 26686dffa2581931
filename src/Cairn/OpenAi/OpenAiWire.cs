using System.Text.Json;
using System.Text.Json.Serialization;
using Cairn.Protocol;

namespace Cairn.OpenAi;

/// <summary>
/// OpenAI's chat-completions wire format, as its API reference and official SDKs have it: snake_case, and nulls
/// written out where OpenAI writes them (<c>logprobs</c>, <c>finish_reason</c> of a streaming chunk).
/// </summary>
public static class OpenAiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>The answer to a non-streaming <c>POST /v1/chat/completions</c> (<c>object: "chat.completion"</c>).</summary>
public sealed record ChatCompletion(string Id, long Created, string Model, IReadOnlyList<CompletionChoice> Choices, CompletionUsage Usage)
{
    [JsonPropertyName("object")]
    public string Kind => "chat.completion";

    public string? SystemFingerprint => null;
}

public sealed record CompletionChoice(int Index, AssistantMessage Message, string FinishReason)
{
    public object? Logprobs => null;
}

public sealed record AssistantMessage(string Content)
{
    public string Role => "assistant";

    public string? Refusal => null;
}

public sealed record CompletionUsage(long PromptTokens, long CompletionTokens)
{
    public long TotalTokens => PromptTokens + CompletionTokens;

    public static CompletionUsage None { get; } = new(0, 0);
}

/// <summary>One server-sent event of a streaming completion (<c>object: "chat.completion.chunk"</c>).</summary>
public sealed record ChatCompletionChunk(string Id, long Created, string Model, IReadOnlyList<ChunkChoice> Choices)
{
    [JsonPropertyName("object")]
    public string Kind => "chat.completion.chunk";

    public string? SystemFingerprint => null;

    /// <summary>Only on the last chunk, and only when the request asked for it (<c>stream_options.include_usage</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CompletionUsage? Usage { get; init; }
}

public sealed record ChunkChoice(int Index, ChunkDelta Delta, string? FinishReason)
{
    public object? Logprobs => null;
}

/// <summary>What a chunk adds: the role (first chunk only) and a piece of text; the last chunk's delta is empty.</summary>
public sealed record ChunkDelta(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null);

/// <summary><c>GET /v1/models</c>: one model per session (<c>cairn:&lt;key&gt;</c>), and <c>cairn</c> itself.</summary>
public sealed record ModelList(IReadOnlyList<ModelInfo> Data)
{
    [JsonPropertyName("object")]
    public string Kind => "list";

    /// <summary>Cairn's extension: the configured models behind the sessions (name, provider, upstream model, window).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ModelSummary>? CairnModels { get; init; }
}

public sealed record ModelInfo(string Id, long Created)
{
    [JsonPropertyName("object")]
    public string Kind => "model";

    public string OwnedBy => "cairn";

    /// <summary>Cairn's extension: the configured model this session's turns use (its <c>effectiveModel</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CairnModel { get; init; }
}
