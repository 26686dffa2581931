using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Cairn.Tests.Support;

/// <summary>Writes a <see cref="FakeReply"/> in OpenAI's wire format: SSE chunks when the request streams, else one completion.</summary>
internal static class FakeReplyWriter
{
    /// <summary>Writes the reply; <paramref name="promptTokens"/> null sends no <c>usage</c>.</summary>
    public static async Task WriteAsync(HttpContext http, JsonNode request, FakeReply reply, int? promptTokens, Func<HttpContext, Task>? holdAfterFirst)
    {
        if (reply.Freeze)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        foreach (var (name, value) in reply.Headers)
        {
            http.Response.Headers[name] = value;
        }

        if (reply.Status != 200 || reply.Body is not null)
        {
            http.Response.StatusCode = reply.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(reply.Body ?? "");
            return;
        }

        var model = request["model"]?.GetValue<string>() ?? "fake";
        if (request["stream"]?.GetValue<bool>() != true)
        {
            var completion = new JsonObject
            {
                ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 1, ["model"] = model,
                ["choices"] = JsonSerializer.SerializeToNode(new[]
                {
                    new { index = 0, message = new { role = "assistant", content = string.Concat(reply.Chunks) }, finish_reason = "stop" },
                }),
            };
            if (promptTokens is { } prompt)
            {
                completion["usage"] = Usage(prompt, reply);
            }

            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(completion.ToJsonString());
            return;
        }

        await StreamAsync(http, model, reply, promptTokens, holdAfterFirst);
    }

    private static async Task StreamAsync(HttpContext http, string model, FakeReply reply, int? promptTokens, Func<HttpContext, Task>? holdAfterFirst)
    {
        http.Response.ContentType = "text/event-stream";
        for (var i = 0; i < reply.Chunks.Count; i++)
        {
            if (reply.CutAfter == i)
            {
                await CutAsync(http, reply);
                return;
            }

            await SendAsync(http, Chunk(model, new { role = "assistant", content = reply.Chunks[i] }, null));
            if (i == 0 && holdAfterFirst is not null)
            {
                await holdAfterFirst(http);
            }
        }

        if (reply.CutAfter is not null)
        {
            await CutAsync(http, reply);
            return;
        }

        if (reply.EndEarly)
        {
            return;
        }

        if (reply.StreamError is { } error)
        {
            await http.Response.WriteAsync("data: " + error + "\n\n");
            return;
        }

        await SendAsync(http, Chunk(model, new { }, "stop"));
        if (promptTokens is { } prompt)
        {
            await SendAsync(http, new { id = "chatcmpl-fake", @object = "chat.completion.chunk", created = 1, model, choices = Array.Empty<object>(),
                usage = Usage(prompt, reply) });
        }

        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static async Task CutAsync(HttpContext http, FakeReply reply)
    {
        if (reply.CutWhen is { } gate)
        {
            await gate.WaitAsync(http.RequestAborted);
        }

        http.Abort();
    }

    private static JsonObject Usage(int prompt, FakeReply reply) => new JsonObject
    {
        ["prompt_tokens"] = prompt, ["completion_tokens"] = reply.Chunks.Count, ["total_tokens"] = prompt + reply.Chunks.Count,
    };

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
}
