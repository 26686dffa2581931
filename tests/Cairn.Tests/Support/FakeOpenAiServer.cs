using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Support;

/// <summary>
/// A small OpenAI-compatible server on loopback: <c>POST /v1/chat/completions</c> with real SSE streaming of
/// <c>chat.completion.chunk</c> objects (or one JSON completion when the request does not stream). It records
/// every request body, can answer an HTTP error instead, and can hold the stream open after the first chunk until
/// released (for abort and timeout tests). For what mock-llm lacks: <see cref="Replies"/> scripts the next answers
/// (exact overflow bodies, Retry-After, a stream cut mid-reply, a frozen server), <see cref="Answer"/> picks an answer
/// by what a request holds (fail only the compaction requests, refuse two user messages in a row),
/// <see cref="EnforcedWindow"/> makes it refuse any prompt over a token window as llama.cpp does (or as OpenAI does,
/// with <see cref="OverflowBody"/>), and <c>GET /props</c> and <c>GET /v1/models</c> answer <see cref="PropsBody"/>
/// and <see cref="ModelsBody"/>.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private int _modelsRequests;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonNode> Requests { get; } = new();

    public string[] Chunks { get; set; } = ["Hello", ", ", "world", "!"];

    /// <summary>When set, the server answers this HTTP status with an OpenAI-style error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>When true, the stream stops after the first chunk until <see cref="Release"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>Completes when a held stream has sent its first chunk.</summary>
    public TaskCompletionSource FirstChunkSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first chat request has arrived (before any answer).</summary>
    public TaskCompletionSource RequestArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers for the next requests, in order; when empty, the default stream of <see cref="Chunks"/>.</summary>
    public ConcurrentQueue<FakeReply> Replies { get; } = new();

    /// <summary>Consulted before <see cref="Replies"/>: the answer for this request body, or null for the usual one.</summary>
    public Func<JsonNode, FakeReply?>? Answer { get; set; }

    /// <summary>When set, a prompt of more tokens (by <see cref="CountPromptTokens"/>) gets an HTTP 400 with <see cref="OverflowBody"/>.</summary>
    public int? EnforcedWindow { get; set; }

    /// <summary>The overflow body for (prompt tokens, window): llama.cpp's unless set (e.g. to <see cref="FakeReply.OpenAiOverflow"/>).</summary>
    public Func<int, int, string> OverflowBody { get; set; } = FakeReply.LlamaCppOverflow;

    /// <summary>The server's own tokenizer: about four characters a token plus four per message (deliberately not o200k).</summary>
    public Func<JsonNode, int> CountPromptTokens { get; set; } = DefaultCount;

    /// <summary>When false, replies carry no <c>usage</c> (as many servers' streams do), so the gateway cannot learn the count from it.</summary>
    public bool ReportUsage { get; set; } = true;

    /// <summary>The prompt size of every chat request, by <see cref="CountPromptTokens"/>.</summary>
    public ConcurrentQueue<int> PromptTokens { get; } = new();

    public string? PropsBody { get; set; }

    public string? ModelsBody { get; set; }

    /// <summary>How many <c>GET /v1/models</c> requests arrived (the health probe asks it).</summary>
    public int ModelsRequests => _modelsRequests;

    public string BaseUrl => Root + "/v1";

    public string Root => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapGet("/props", (HttpContext http) => server.JsonOrNotFound(http, server.PropsBody));
        app.MapGet("/v1/models", (HttpContext http) =>
        {
            Interlocked.Increment(ref server._modelsRequests);
            return server.JsonOrNotFound(http, server.ModelsBody);
        });
        await app.StartAsync();
        return server;
    }

    public void Release() => _release.TrySetResult();

    /// <summary>The messages of the last request, as (role, content) pairs.</summary>
    public List<(string Role, string Content)> LastMessages() => MessagesOf(Requests.Last());

    /// <summary>The messages of a request body, as (role, content) pairs.</summary>
    public static List<(string Role, string Content)> MessagesOf(JsonNode body) =>
        [.. body["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m!["content"])))];

    /// <summary>True for the gateway's compaction request (its system message opens with the compaction prompt).</summary>
    public static bool IsCompaction(JsonNode body) =>
        MessagesOf(body) is [("system", var system), ..] && system.StartsWith(Cairn.Chat.Context.CompactionPrompt.Heading, StringComparison.Ordinal);

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    public static int DefaultCount(JsonNode body) =>
        3 + body["messages"]!.AsArray().Sum(m => 4 + (int)Math.Ceiling(ContentOf(m!["content"]).Length / 4.0));

    private Task JsonOrNotFound(HttpContext http, string? body)
    {
        http.Response.StatusCode = body is null ? 404 : 200;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(body ?? """{"error":"not found"}""");
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body);
        Requests.Enqueue(body!);
        RequestArrived.TrySetResult();
        var prompt = CountPromptTokens(body!);
        PromptTokens.Enqueue(prompt);
        if (EnforcedWindow is { } window && prompt > window)
        {
            http.Response.StatusCode = 400;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(OverflowBody(prompt, window));
            return;
        }

        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "fake", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            return;
        }

        var reply = Answer?.Invoke(body!) ?? (Replies.TryDequeue(out var next) ? next : FakeReply.Text(Chunks));
        int? usage = !ReportUsage ? null : EnforcedWindow is null ? 11 : prompt;
        await FakeReplyWriter.WriteAsync(http, body!, reply, usage, Hold ? HoldAsync : null);
    }

    private async Task HoldAsync(HttpContext http)
    {
        FirstChunkSent.TrySetResult();
        await _release.Task.WaitAsync(http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
