using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Observability;

public sealed class ChatMetricsTests
{
    [Fact]
    public async Task FinishedRuns_AreCountedByStatus()
    {
        await using var gw = await TestGateway.StartAsync();
        var before = await gw.ScrapeAsync();

        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("one", "main", Wait: true));
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("two", "main", Wait: true));
        var after = await gw.ScrapeAsync();

        Assert.Equal(2, after.Value("cairn_chat_runs_total", ("status", "final")) - before.Value("cairn_chat_runs_total", ("status", "final")));
        Assert.Equal(0, after.Value("cairn_chat_provider_errors_total"));
    }

    [Fact]
    public async Task ProviderFailures_CountAsErrorRunsAndProviderErrors()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.FailWith = 500;
        await using var gw = await TestGateway.StartAsync(c => c with
        {
            Model = c.Model with { Provider = "openai", BaseUrl = fake.BaseUrl, Name = "fake-model", ApiKey = "sk-test" },
        });

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("are you there", "main", Wait: true));
        var scrape = await gw.ScrapeAsync();

        Assert.Equal(SendStatus.Error, sent.Status);
        Assert.Equal(1, scrape.Value("cairn_chat_runs_total", ("status", "error")));
        Assert.Equal(1, scrape.Value("cairn_chat_provider_errors_total", ("provider", "openai"), ("reason", "provider_error")));
    }

    [Fact]
    public async Task CommandSwitch_FromAPeer_CountsOnce_AndTheWebUiNavigationCountsOnce()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        await using var ui = await gw.ConnectWsAsync(handshake: false);
        await ui.CallAsync<Hello>("connect", new ConnectParams(gw.Token, new ConnectClient("cairn-ui", "1")));
        var before = await gw.ScrapeAsync();

        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session switch work", Peer: "cli:alice"));              // peer: +1 api
        await ui.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        await ui.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session switch work", "main"));       // UI: not here…
        await ui.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("work"));                       // …but here: +1 web
        var after = await gw.ScrapeAsync();

        double Delta(params (string, string)[] labels) => after.Value("cairn_session_switches_total", labels) - before.Value("cairn_session_switches_total", labels);
        Assert.Equal(1, Delta(("surface", "api")));
        Assert.Equal(1, Delta(("surface", "web")));
        Assert.Equal(2, Delta());
    }

    [Fact]
    public async Task BareResetCommand_InAPersistentSession_CountsAsBlocked_OnlyThere()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Keep"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Loose", Persistent: false));
        var before = await gw.ScrapeAsync();

        var refused = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/reset", "keep")); // blocked +1
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(" /NEW ", "keep"));       // blocked +1
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/reset please", "keep")); // usage only: 0
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/help", "keep"));         // another command: 0
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/reset", "loose"));      // not persistent: 0
        var after = await gw.ScrapeAsync();

        Assert.Contains("persistent", refused.Command!.Reply, StringComparison.Ordinal);
        Assert.Equal(2, after.Value("cairn_session_resets_blocked_total", ("surface", "api")) - before.Value("cairn_session_resets_blocked_total", ("surface", "api")));
    }

    [Fact]
    public async Task SessionNewCommand_CountsAsCreated_AndItsConflictAsAnError()
    {
        await using var gw = await TestGateway.StartAsync();
        var before = await gw.ScrapeAsync();

        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session new Travel", Peer: "cli:bob"));   // created +1, switch +1
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session new travel", Peer: "cli:bob"));   // CONFLICT +1
        var after = await gw.ScrapeAsync();

        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(1, Delta("cairn_sessions_created_total"));
        Assert.Equal(1, Delta("cairn_session_create_errors_total", ("code", "CONFLICT")));
        Assert.Equal(1, Delta("cairn_session_switches_total", ("surface", "api")));
    }
}
