using System.Text.Json;

namespace Cairn.Tests.OpenAi;

/// <summary><c>POST /v1/chat/completions</c> on the wire: OpenAI's shapes, sessions by model name, history kept server-side.</summary>
public sealed class ChatCompletionsTests
{
    [Fact]
    public async Task NonStreaming_AnswersInOpenAisShape_WithUsage_AndStoresTheTurn()
    {
        await using var gw = await OpenAiClient.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });

        var (status, body, response) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("plan the week", "cairn:work"));

        Assert.Equal(200, status);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("cairn:work", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("created").GetInt64() > 0);
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.StartsWith("Echo: plan the week", choice.GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        var usage = body.GetProperty("usage");
        Assert.Equal(3, usage.GetProperty("prompt_tokens").GetInt64());
        Assert.True(usage.GetProperty("completion_tokens").GetInt64() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt64() + usage.GetProperty("completion_tokens").GetInt64(), usage.GetProperty("total_tokens").GetInt64());
        Assert.Equal("work", response.Headers.GetValues("X-Cairn-Session").Single());

        var history = await gw.OkAsync("chat.history", new { sessionKey = "work" });
        Assert.Equal(["user", "assistant"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Streaming_SendsRoleThenDeltasThenStop_ThenUsage_ThenDone()
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, text, response) = await OpenAiClient.PostRawAsync(gw, JsonSerializer.Serialize(new
        {
            model = "cairn:main",
            stream = true,
            stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = "stream this please" } },
        }));

        Assert.Equal(200, status);
        Assert.StartsWith("text/event-stream", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var events = OpenAiClient.Events(text);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        var deltas = chunks.Skip(1).TakeWhile(c => c.GetProperty("choices").GetArrayLength() > 0 && c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind == JsonValueKind.Null)
            .Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()).ToList();
        Assert.True(deltas.Count >= 2, "the first word at once, the rest coalesced (DeltaBuffer)");
        Assert.Equal("Echo:", deltas[0]);
        Assert.StartsWith("Echo: stream this please", string.Concat(deltas), StringComparison.Ordinal);
        Assert.Equal("stop", chunks[^2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Empty(chunks[^1].GetProperty("choices").EnumerateArray());
        Assert.True(chunks[^1].GetProperty("usage").GetProperty("total_tokens").GetInt64() > 0);
    }

    [Fact]
    public async Task WholeHistoryFromTheClient_IsNotDuplicated_TheSessionKeepsItsOwn()
    {
        await using var gw = await OpenAiClient.StartAsync();
        var (_, first, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("first question"));
        var firstReply = first.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        var (status, second, _) = await OpenAiClient.PostAsync(gw, new
        {
            model = "cairn:main",
            messages = new object[]
            {
                new { role = "system", content = "You are terse." },
                new { role = "user", content = "first question" },
                new { role = "assistant", content = firstReply },
                new { role = "user", content = new[] { new { type = "text", text = "second question" } } },
            },
        });

        Assert.Equal(200, status);
        // The echo model describes the context it was given: the stored conversation, once.
        Assert.Contains("This conversation has 2 earlier messages; it began with \"first question\"",
            second.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
        var history = await gw.OkAsync("chat.history", new { sessionKey = "main" });
        Assert.Equal(["first question", firstReply, "second question"],
            history.GetProperty("messages").EnumerateArray().Where(m => m.GetProperty("role").GetString() == "user" || m.GetProperty("role").GetString() == "assistant")
                .Select(m => m.GetProperty("text").GetString()).Take(3));
    }

    [Fact]
    public async Task SessionHeader_PicksTheSession_WhateverTheModel()
    {
        await using var gw = await OpenAiClient.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Home" });

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi", "gpt-4o"), new Dictionary<string, string> { ["X-Cairn-Session"] = "home" });

        Assert.Equal(200, status);
        Assert.Equal("cairn:home", body.GetProperty("model").GetString());
    }

    [Fact]
    public async Task UnknownSession_Is404ModelNotFound_UnlessTheRequestAsksToCreateIt()
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi", "cairn:ideas"));
        Assert.Equal(404, status);
        var error = OpenAiClient.Error(body);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.Equal("NOT_FOUND", (await gw.CallAsync("sessions.get", new { key = "ideas" })).ErrorCode);

        (status, _, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi", "cairn:ideas"), new Dictionary<string, string> { ["X-Cairn-Create"] = "true" });
        Assert.Equal(200, status);
        var entry = (await gw.OkAsync("sessions.get", new { key = "ideas" })).GetProperty("entry");
        Assert.True(entry.GetProperty("persistent").GetBoolean());
        Assert.Equal(2, entry.GetProperty("messageCount").GetInt32());
    }

    [Fact]
    public async Task ForeignModelName_Is404ModelNotFound()
    {
        await using var gw = await OpenAiClient.StartAsync();

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi", "gpt-4o"));

        Assert.Equal(404, status);
        Assert.Equal("model_not_found", OpenAiClient.Error(body).GetProperty("code").GetString());
    }

    [Fact]
    public async Task SlashCommands_Work_AndModelCairn_FollowsASwitch()
    {
        await using var gw = await OpenAiClient.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work" });

        var (_, list, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("/session list", "cairn"));
        Assert.Contains("Work (work)", list.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);

        await OpenAiClient.PostAsync(gw, OpenAiClient.User("/session switch work", "cairn"));
        var (_, after, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("where am I", "cairn"));

        Assert.Equal("cairn:work", after.GetProperty("model").GetString());
        var active = await gw.OkAsync("sessions.active", new { peer = "openai:default" });
        Assert.Equal("work", active.GetProperty("entry").GetProperty("key").GetString());
    }

    [Fact]
    public async Task PersistentRules_Apply_ResetIsRefusedInAPersistentSession()
    {
        await using var gw = await OpenAiClient.StartAsync();
        await gw.OkAsync("sessions.create", new { label = "Work", persistent = true });

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("/reset", "cairn:work"));

        Assert.Equal(200, status);
        Assert.Contains("persistent", body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), StringComparison.Ordinal);
    }
}
