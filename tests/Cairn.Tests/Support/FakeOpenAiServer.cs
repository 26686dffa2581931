using System.Collections.Concurrent;
using System.Text.Json;
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
/// <c>chat.completion.chunk</c> objects. It records every request body, can answer an HTTP error instead, and
/// can hold the stream open after the first chunk until released (for abort and timeout tests).
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<JsonNode> Requests { get; } = new();

    public string[] Chunks { get; set; } = ["Hello", ", ", "world", "!"];

    /// <summary>When set, the server answers this HTTP status with an OpenAI-style error body.</summary>
    public int? FailWith { get; set; }

    /// <summary>When true, the stream stops after the first chunk until <see cref="Release"/>.</summary>
    public bool Hold { get; set; }

    /// <summary>Completes when a held stream has sent its first chunk.</summary>
    public TaskCompletionSource FirstChunkSent { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public void Release() => _release.TrySetResult();

    /// <summary>The messages of the last request, as (role, content) pairs.</summary>
    public List<(string Role, string Content)> LastMessages() =>
        [.. Requests.Last()["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), ContentOf(m!["content"])))];

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p!["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body);
        Requests.Enqueue(body!);
        if (FailWith is { } status)
        {
            http.Response.StatusCode = status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "fake failure", type = "fake", code = status.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            return;
        }

        http.Response.ContentType = "text/event-stream";
        var model = body!["model"]?.GetValue<string>() ?? "fake";
        for (var i = 0; i < Chunks.Length; i++)
        {
            await SendAsync(http, Chunk(model, new { role = "assistant", content = Chunks[i] }, null));
            if (i == 0 && Hold)
            {
                FirstChunkSent.TrySetResult();
                await _release.Task.WaitAsync(http.RequestAborted);
            }
        }

        await SendAsync(http, Chunk(model, new { }, "stop"));
        await SendAsync(http, new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1, model, choices = Array.Empty<object>(),
            usage = new { prompt_tokens = 11, completion_tokens = Chunks.Length, total_tokens = 11 + Chunks.Length } });
        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static object Chunk(string model, object delta, string? finish) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion.chunk",
        created = 1,
        model,
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

    private static async Task SendAsync(HttpContext http, object payload)
    {
        await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(payload) + "\n\n");
        await http.Response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
