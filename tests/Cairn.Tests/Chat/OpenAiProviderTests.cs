using System.Net;
using System.Net.Sockets;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>The openai provider against a real local HTTP server speaking the OpenAI streaming wire format.</summary>
public sealed class OpenAiProviderTests
{
    private static Task<TestGateway> StartAsync(string baseUrl, int timeoutSeconds = 60) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with { Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = "sk-test", TimeoutSeconds = timeoutSeconds },
    });

    [Fact]
    public async Task StreamedDeltas_ArriveInOrder_AndTheReplyIsStored()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Chunks = ["The ", "quick ", "brown ", "fox"];
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var sent = await ws.RequestAsync("chat.send", new { sessionKey = "main", message = "tell me" });
        var runId = sent.GetProperty("payload").GetProperty("runId").GetString();
        var deltas = new List<string>();
        string state;
        do
        {
            var evt = (await ws.NextEventAsync("chat", p => p.GetProperty("runId").GetString() == runId)).GetProperty("payload");
            state = evt.GetProperty("state").GetString()!;
            if (state == "delta")
            {
                deltas.Add(evt.GetProperty("text").GetString()!);
            }
        }
        while (state == "delta");

        Assert.Equal("final", state);
        Assert.Equal(["The ", "quick ", "brown ", "fox"], deltas);
        Assert.Equal("fake-model", fake.Requests.Last()["model"]!.GetValue<string>());
        Assert.True(fake.Requests.Last()["stream"]!.GetValue<bool>());
        var history = await ChatSendTests.Texts(gw, "main");
        Assert.Equal(["tell me", "The quick brown fox"], history);
        var entry = (await gw.OkAsync("sessions.get", new { key = "main" })).GetProperty("entry");
        Assert.Equal(11, entry.GetProperty("inputTokens").GetInt64());
        Assert.Equal(4, entry.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task HistorySentToProvider_HoldsOnlyTheSessionsOwnCurrentMessages_AndItsSystemPrompt()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await gw.OkAsync("sessions.create", new { label = "Work", persistent = false });
        await gw.OkAsync("sessions.create", new { label = "Home" });
        await gw.OkAsync("sessions.patch", new { key = "home", systemPrompt = "You are a home helper." });
        await ChatSendTests.Say(gw, "work", "secret work thing");
        await gw.OkAsync("sessions.reset", new { key = "work" });
        await ChatSendTests.Say(gw, "work", "after reset");
        await ChatSendTests.Say(gw, "home", "first home");

        await ChatSendTests.Say(gw, "home", "second home");

        Assert.Equal(
            [("system", "You are a home helper."), ("user", "first home"), ("assistant", "Hello, world!"), ("user", "second home")],
            fake.LastMessages());
        Assert.DoesNotContain(fake.Requests.Skip(1).First()["messages"]!.AsArray(), m => m!.ToJsonString().Contains("secret", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(401, "API key")]
    [InlineData(429, "rate limiting")]
    [InlineData(500, "failed")]
    public async Task ProviderHttpFailures_SurfaceAsErrorEvents_AndKeepTheUserMessage(int status, string expected)
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.FailWith = status;
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var sent = await ws.RequestAsync("chat.send", new { sessionKey = "main", message = "are you there" });
        var runId = sent.GetProperty("payload").GetProperty("runId").GetString();
        var evt = (await ws.NextEventAsync("chat", p => p.GetProperty("runId").GetString() == runId && p.GetProperty("state").GetString() != "delta")).GetProperty("payload");

        Assert.Equal("error", evt.GetProperty("state").GetString());
        Assert.Contains(expected, evt.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", evt.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["are you there"], await ChatSendTests.Texts(gw, "main"));
        var again = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "retry", wait = true });
        Assert.Equal("error", again.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ConnectionRefused_SurfacesAsReadableError()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var gw = await StartAsync($"http://127.0.0.1:{port}/v1");

        var result = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "hello?", wait = true });

        Assert.Equal("error", result.GetProperty("status").GetString());
        Assert.Contains("Could not reach the model provider", result.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(["hello?"], await ChatSendTests.Texts(gw, "main"));
    }

    [Fact]
    public async Task Abort_StopsTheStream_KeepsThePartialReply_AndFreesTheSession()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var sent = await ws.RequestAsync("chat.send", new { sessionKey = "main", message = "long story" });
        var runId = sent.GetProperty("payload").GetProperty("runId").GetString();
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await ws.NextEventAsync("chat", p => p.GetProperty("state").GetString() == "delta");

        var busy = await gw.CallAsync("chat.send", new { sessionKey = "main", message = "interrupt" });
        Assert.Equal("CONFLICT", busy.ErrorCode);
        Assert.Equal("run_active", busy.Error.GetProperty("details").GetProperty("reason").GetString());

        var aborted = await gw.OkAsync("chat.abort", new { sessionKey = "main" });
        Assert.True(aborted.GetProperty("aborted").GetBoolean());
        Assert.Equal(runId, aborted.GetProperty("runIds")[0].GetString());
        var end = (await ws.NextEventAsync("chat", p => p.GetProperty("state").GetString() == "aborted")).GetProperty("payload");
        Assert.Equal("Hello", end.GetProperty("text").GetString());
        Assert.Equal(["long story", "Hello"], await ChatSendTests.Texts(gw, "main"));

        fake.Hold = false;
        Assert.Equal("final", (await gw.OkAsync("chat.send", new { sessionKey = "main", message = "again", wait = true })).GetProperty("status").GetString());
        Assert.False((await gw.OkAsync("chat.abort", new { sessionKey = "main" })).GetProperty("aborted").GetBoolean());
    }

    [Fact]
    public async Task ReplyFinishingAfterAReset_StaysInTheConversationItAnswered()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var sent = await ws.RequestAsync("chat.send", new { sessionKey = "main", message = "old question" });
        var runId = sent.GetProperty("payload").GetProperty("runId").GetString();
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var reset = await gw.OkAsync("sessions.reset", new { key = "main" });
        fake.Release();
        await ws.NextEventAsync("chat", p => p.GetProperty("runId").GetString() == runId && p.GetProperty("state").GetString() == "final");

        Assert.Empty((await gw.OkAsync("chat.history", new { sessionKey = "main" })).GetProperty("messages").EnumerateArray());
        Assert.Equal(0, (await gw.OkAsync("sessions.get", new { key = "main" })).GetProperty("entry").GetProperty("messageCount").GetInt32());
        var old = await gw.OkAsync("chat.history", new { sessionKey = "main", sessionId = reset.GetProperty("previousSessionId").GetString() });
        Assert.Equal(["old question", "Hello, world!"], old.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task SlowProvider_TimesOut_WithReadableError()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl, timeoutSeconds: 1);

        var result = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "hello", wait = true });

        Assert.Equal("error", result.GetProperty("status").GetString());
        Assert.Contains("did not answer in time", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
