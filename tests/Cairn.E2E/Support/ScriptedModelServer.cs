using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.E2E.Support;

/// <summary>
/// An OpenAI-compatible model on loopback whose streamed reply the test writes piece by piece: each
/// <see cref="Send"/> is one SSE chunk, <see cref="End"/> finishes the reply. So a test can look at the page
/// while a reply is still streaming, without sleeping.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string?> _chunks = Channel.CreateUnbounded<string?>();

    private ScriptedModelServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>model.baseUrl</c>.</summary>
    public string BaseUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";

    public static async Task<ScriptedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/chat/completions", server.StreamAsync);
        await app.StartAsync();
        return server;
    }

    /// <summary>The next piece of the reply being streamed.</summary>
    public void Send(string text) => _chunks.Writer.TryWrite(text);

    /// <summary>Ends the reply being streamed; the next request streams what is sent after this.</summary>
    public void End() => _chunks.Writer.TryWrite(null);

    /// <summary>The next request is refused with HTTP 400 and this message (a 400 is not retried).</summary>
    public void Refuse(string message) => _chunks.Writer.TryWrite(RefusalPrefix + message);

    private const string RefusalPrefix = "\u0000refuse:";

    private async Task StreamAsync(HttpContext http)
    {
        using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        if (_chunks.Reader.TryPeek(out var first) && first?.StartsWith(RefusalPrefix, StringComparison.Ordinal) == true)
        {
            await _chunks.Reader.ReadAsync(http.RequestAborted);
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { error = new { message = first[RefusalPrefix.Length..], type = "invalid_request_error", code = "bad_request" } }, http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        await http.Response.Body.FlushAsync(http.RequestAborted);
        await foreach (var chunk in _chunks.Reader.ReadAllAsync(http.RequestAborted))
        {
            if (chunk is null)
            {
                break;
            }

            await WriteAsync(http, new { role = "assistant", content = chunk }, null);
        }

        await WriteAsync(http, new { }, "stop");
        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext http, object delta, string? finish)
    {
        var chunk = new
        {
            id = "chatcmpl-e2e", @object = "chat.completion.chunk", created = 1, model = "scripted",
            choices = new[] { new { index = 0, delta, finish_reason = finish } },
        };
        await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        _chunks.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
