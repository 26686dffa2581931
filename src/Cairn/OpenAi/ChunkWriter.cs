using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace Cairn.OpenAi;

/// <summary>
/// A streaming completion as server-sent events, as OpenAI sends them: a first chunk with the role, one chunk per
/// delta, a last chunk with <c>finish_reason</c>, the usage chunk when asked for, then <c>data: [DONE]</c>. An error
/// after the stream began is one <c>data: {"error": …}</c> event, which the official SDKs raise.
/// </summary>
public sealed class ChunkWriter(HttpResponse response, CompletionReply reply)
{
    public static void Begin(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        // nginx buffers proxied responses unless told otherwise.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public Task StartAsync(CancellationToken ct) => SendAsync(reply.Chunk(new ChunkDelta(Role: "assistant", Content: "")), ct);

    public Task DeltaAsync(string text, CancellationToken ct) => SendAsync(reply.Chunk(new ChunkDelta(Content: text)), ct);

    public async Task FinishAsync(CompletionUsage usage, CancellationToken ct)
    {
        await SendAsync(reply.Chunk(new ChunkDelta(), "stop"), ct);
        if (reply.IncludeUsage)
        {
            await SendAsync(reply.UsageChunk(usage), ct);
        }

        await WriteAsync("[DONE]", ct);
    }

    public Task FailAsync(OpenAiError error, CancellationToken ct) => SendAsync(error.Body, ct);

    private Task SendAsync(object payload, CancellationToken ct) => WriteAsync(JsonSerializer.Serialize(payload, OpenAiJson.Options), ct);

    private async Task WriteAsync(string data, CancellationToken ct)
    {
        await response.WriteAsync($"data: {data}\n\n", ct);
        await response.Body.FlushAsync(ct);
    }
}
