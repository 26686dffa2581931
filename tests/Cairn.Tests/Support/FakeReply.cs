namespace Cairn.Tests.Support;

/// <summary>
/// One scripted answer of <see cref="FakeOpenAiServer"/>: an HTTP error with an exact body (and headers), a stream
/// of chunks that may end in an in-stream error, be cut mid-reply, carry no content, or a server that never answers.
/// </summary>
public sealed record FakeReply
{
    /// <summary>The context-overflow body OpenAI sends (HTTP 400).</summary>
    public const string OpenAiOverflowBody = """
        {
          "error": {
            "message": "This model's maximum context length is 8192 tokens. However, your messages resulted in 9012 tokens. Please reduce the length of the messages.",
            "type": "invalid_request_error",
            "param": "messages",
            "code": "context_length_exceeded"
          }
        }
        """;

    /// <summary>The context-overflow body llama.cpp's llama-server sends (HTTP 400), as in issue 14.</summary>
    public const string LlamaCppOverflowBody =
        """{"error":{"code":400,"message":"request (180 tokens) exceeds the available context size (128 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":180,"n_ctx":128}}""";

    /// <summary>
    /// The error vLLM answers (HTTP 400) when a chat template that requires alternation (Mistral-Instruct's) meets
    /// two user messages in a row.
    /// </summary>
    public const string AlternationBody =
        """{"object":"error","message":"Conversation roles must alternate user/assistant/user/assistant/...","type":"BadRequestError","param":null,"code":400}""";

    public int Status { get; init; } = 200;

    public string? Body { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Chunks { get; init; } = [];

    /// <summary>Sent as <c>data: …</c> after the chunks, then the stream ends without <c>[DONE]</c>.</summary>
    public string? StreamError { get; init; }

    /// <summary>The connection is aborted after this many chunks (once <see cref="CutWhen"/> completes, when set).</summary>
    public int? CutAfter { get; init; }

    /// <summary>
    /// Holds the cut until the test has read the chunks: an abort resets the connection, and the client's kernel
    /// drops whatever it received but had not been read yet.
    /// </summary>
    public Task? CutWhen { get; init; }

    /// <summary>After the chunks, end the response cleanly but without a finish reason or <c>[DONE]</c>.</summary>
    public bool EndEarly { get; init; }

    /// <summary>Accept the request and never answer (no status line, no headers).</summary>
    public bool Freeze { get; init; }

    public static FakeReply Error(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new() { Status = status, Body = body, Headers = headers ?? new Dictionary<string, string>() };

    /// <summary>llama.cpp's overflow body (as <see cref="LlamaCppOverflowBody"/>) for a prompt of <paramref name="prompt"/> tokens.</summary>
    public static string LlamaCppOverflow(int prompt, int window) =>
        $$$"""{"error":{"code":400,"message":"request ({{{prompt}}} tokens) exceeds the available context size ({{{window}}} tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":{{{prompt}}},"n_ctx":{{{window}}}}}""";

    /// <summary>OpenAI's overflow body (as <see cref="OpenAiOverflowBody"/>) for a prompt of <paramref name="prompt"/> tokens.</summary>
    public static string OpenAiOverflow(int prompt, int window) =>
        $$$"""{"error":{"message":"This model's maximum context length is {{{window}}} tokens. However, your messages resulted in {{{prompt}}} tokens. Please reduce the length of the messages.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""";

    public static FakeReply Text(params string[] chunks) => new() { Chunks = chunks };

    public static FakeReply InStreamError(string errorJson, params string[] chunksBefore) => new() { Chunks = chunksBefore, StreamError = errorJson };

    public static FakeReply Cut(int after, params string[] chunks) => new() { Chunks = chunks, CutAfter = after };

    public static FakeReply Empty { get; } = new();

    public static FakeReply Frozen { get; } = new() { Freeze = true };
}
