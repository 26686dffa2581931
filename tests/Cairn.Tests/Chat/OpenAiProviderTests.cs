using System.Net;
using System.Net.Sockets;
using Cairn.Protocol;
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

        var runId = (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("tell me", "main"))).RunId;
        var deltas = new List<string>();
        RunState state;
        do
        {
            var evt = await ws.NextEventAsync<ChatEvent>(e => e.RunId == runId);
            state = evt.State;
            if (state == RunState.Delta)
            {
                deltas.Add(evt.Text);
            }
        }
        while (state == RunState.Delta);

        Assert.Equal(RunState.Final, state);
        // The first delta goes out at once; the rest are coalesced (the test clock does not move: one more event).
        Assert.Equal("The ", deltas[0]);
        Assert.Equal("The quick brown fox", string.Concat(deltas));
        Assert.Equal("fake-model", fake.Requests.Last()["model"]!.GetValue<string>());
        Assert.True(fake.Requests.Last()["stream"]!.GetValue<bool>());
        var history = await ChatSendTests.Texts(gw, "main");
        Assert.Equal(["tell me", "The quick brown fox"], history);
        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry;
        Assert.Equal(11, entry.InputTokens);
        Assert.Equal(4, entry.OutputTokens);
    }

    [Fact]
    public async Task HistorySentToProvider_HoldsOnlyTheSessionsOwnCurrentMessages_AndItsSystemPrompt()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work", Persistent: false));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Home"));
        await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("home", SystemPrompt: "You are a home helper."));
        await ChatSendTests.Say(gw, "work", "secret work thing");
        await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("work"));
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

        var runId = (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("are you there", "main"))).RunId;
        var evt = await ws.NextEventAsync<ChatEvent>(e => e.RunId == runId && e.State != RunState.Delta);

        Assert.Equal(RunState.Error, evt.State);
        Assert.Contains(expected, evt.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", evt.Text, StringComparison.Ordinal);
        Assert.Equal(["are you there"], await ChatSendTests.Texts(gw, "main"));
        var again = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("retry", "main", Wait: true));
        Assert.Equal(SendStatus.Error, again.Status);
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

        var result = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello?", "main", Wait: true));

        Assert.Equal(SendStatus.Error, result.Status);
        Assert.Contains("Could not reach the model provider", result.Error, StringComparison.Ordinal);
        Assert.Equal(["hello?"], await ChatSendTests.Texts(gw, "main"));
    }

    [Fact]
    public async Task Abort_StopsTheStream_KeepsThePartialReply_AndFreesTheSession()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var runId = (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("long story", "main"))).RunId;
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await ws.NextEventAsync<ChatEvent>(e => e.State == RunState.Delta);

        var busy = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams("interrupt", "main"));
        Assert.Equal(ErrorCode.Conflict, busy.Error!.Code);
        Assert.Equal("run_active", busy.Error.Detail<string>("reason"));

        var aborted = await gw.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("main"));
        Assert.True(aborted.Aborted);
        Assert.Equal(runId, aborted.RunIds[0]);
        var end = await ws.NextEventAsync<ChatEvent>(e => e.State == RunState.Aborted);
        Assert.Equal("Hello", end.Text);
        Assert.Equal(["long story", "Hello"], await ChatSendTests.Texts(gw, "main"));

        fake.Hold = false;
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("again", "main", Wait: true))).Status);
        Assert.False((await gw.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("main"))).Aborted);
    }

    [Fact]
    public async Task ReplyFinishingAfterAReset_StaysInTheConversationItAnswered()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl);
        await using var ws = await gw.ConnectWsAsync();

        var runId = (await ws.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("old question", "main"))).RunId;
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var reset = await gw.CallAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("main"));
        fake.Release();
        await ws.NextEventAsync<ChatEvent>(e => e.RunId == runId && e.State == RunState.Final);

        Assert.Empty((await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"))).Messages);
        Assert.Equal(0, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.MessageCount);
        var old = await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main", reset.PreviousSessionId));
        Assert.Equal(["old question", "Hello, world!"], old.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task SlowProvider_TimesOut_WithReadableError()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake.BaseUrl, timeoutSeconds: 1);

        var result = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));

        Assert.Equal(SendStatus.Error, result.Status);
        Assert.Contains("did not answer in time", result.Error, StringComparison.Ordinal);
    }
}
