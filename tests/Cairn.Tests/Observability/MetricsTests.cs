using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Observability;

/// <summary>
/// Scrapes <c>/metrics</c> before and after scripted sequences and checks each series moved by exactly the
/// expected amount. Each gateway has its own meter (see ObservabilityExtensions), so parallel tests do not leak.
/// </summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task ScriptedSequence_MovesEachCounterByExactlyTheExpectedAmount()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync(handshake: false);
        await ws.CallAsync<Hello>("connect", new ConnectParams(gw.Token, new ConnectClient("cairn-ui", "1")));
        var before = await gw.ScrapeAsync();

        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));                                   // created +1
        await ws.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));                             // first key: no switch
        await ws.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("work"));                             // switch +1 (web)
        var blocked = await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("work"));                        // blocked reset +1
        var taken = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("work"));                       // create error CONFLICT +1
        var invalid = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("   "));                      // create error INVALID_REQUEST +1
        var after = await gw.ScrapeAsync();

        Assert.Equal(ErrorCode.SessionPersistent, blocked.Error?.Code);
        Assert.Equal(ErrorCode.Conflict, taken.Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, invalid.Error?.Code);
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(1, Delta("cairn_sessions_created_total"));
        Assert.Equal(1, Delta("cairn_session_switches_total", ("surface", "web")));
        Assert.Equal(1, Delta("cairn_session_switches_total"));
        Assert.Equal(1, Delta("cairn_session_resets_blocked_total", ("surface", "api")));
        Assert.Equal(1, Delta("cairn_session_create_errors_total", ("code", "CONFLICT")));
        Assert.Equal(1, Delta("cairn_session_create_errors_total", ("code", "INVALID_REQUEST")));
        Assert.Equal(2, Delta("cairn_session_create_errors_total"));
        Assert.Equal(3, Delta("cairn_requests_total", ("method", "sessions.create")));
        Assert.Equal(1, Delta("cairn_requests_total", ("method", "sessions.create"), ("code", "OK"), ("transport", "http")));
        Assert.Equal(2, Delta("cairn_requests_total", ("method", "chat.history"), ("transport", "ws")));
        Assert.Equal(3, Delta("cairn_request_duration_seconds_count", ("method", "sessions.create")));
        Assert.Equal(1, after.Value("cairn_sessions", ("kind", "named"), ("persistent", "true")));
        Assert.Equal(1, after.Value("cairn_sessions", ("kind", "main")));
    }

    [Fact]
    public async Task Switches_CountOnlyMovesBetweenKeys_PerConnection()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("A"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("B"));
        await using var first = await gw.ConnectWsAsync();
        await using var second = await gw.ConnectWsAsync();
        var before = await gw.ScrapeAsync();

        foreach (var key in new[] { "a", "a", "b", "b", "a" })
        {
            await first.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key));                          // a→b, b→a: 2
        }

        await second.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("b"));                            // new connection: 0
        await second.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("a"));                            // moved: 1
        await gw.RequestAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("a"));                                    // HTTP has no connection: 0
        var after = await gw.ScrapeAsync();

        Assert.Equal(3, after.Value("cairn_session_switches_total") - before.Value("cairn_session_switches_total"));
        Assert.Equal(3, after.Value("cairn_session_switches_total", ("surface", "test")) - before.Value("cairn_session_switches_total", ("surface", "test")));
    }

    [Fact]
    public async Task ClosedConnections_AreForgotten()
    {
        await using var gw = await TestGateway.StartAsync();
        var tracker = gw.Service<Cairn.Observability.SessionSwitchTracker>();
        await using var ws = await gw.ConnectWsAsync();
        await ws.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams("main"));
        Assert.Equal(1, tracker.Tracked);

        // An oversized frame makes the server close the socket; it forgets the connection before it sends the
        // close frame, so once the client sees the close the tracker must be empty.
        await ws.SendRawAsync(new string('x', Cairn.Config.CairnConfig.Default.Gateway.MaxPayloadBytes + 16));
        await ws.WaitClosedAsync();

        Assert.Equal(0, tracker.Tracked);
    }

    [Fact]
    public async Task SessionGauges_FollowTheStore()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Keep", Persistent: true));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch Two", Persistent: false));

        var scrape = await gw.ScrapeAsync();

        Assert.Equal(1, scrape.Value("cairn_sessions", ("kind", "named"), ("persistent", "true")));
        Assert.Equal(2, scrape.Value("cairn_sessions", ("kind", "named"), ("persistent", "false")));
        Assert.Equal(0, scrape.Value("cairn_sessions", ("kind", "peer")));
        Assert.Equal(0, scrape.Value("cairn_peers"));
        Assert.Equal(4, scrape.Value("cairn_sessions_per_peer"));
    }

    [Fact]
    public async Task SessionsPerPeer_DividesByBoundPeers()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("One"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Two"));
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Three"));
        var bindings = gw.Service<Cairn.Store.PeerBindingStore>();
        await bindings.BindAsync("cli:alice", "one", 1);
        await bindings.BindAsync("cli:bob", "two", 1);

        var scrape = await gw.ScrapeAsync();

        Assert.Equal(2, scrape.Value("cairn_peers"));
        Assert.Equal(2, scrape.Value("cairn_sessions_per_peer")); // main + 3 named over 2 peers
    }

    [Fact]
    public async Task Metrics_ArePerGateway_NotSharedAcrossHostsInOneProcess()
    {
        await using var busy = await TestGateway.StartAsync();
        await using var quiet = await TestGateway.StartAsync();

        await busy.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Only Here"));
        var busyScrape = await busy.ScrapeAsync();
        var quietScrape = await quiet.ScrapeAsync();

        Assert.Equal(1, busyScrape.Value("cairn_sessions_created_total"));
        Assert.Equal(0, quietScrape.Value("cairn_sessions_created_total"));
        Assert.Equal(0, quietScrape.Value("cairn_requests_total", ("method", "sessions.create")));
    }

    [Fact]
    public async Task UnknownMethods_ShareOneSeries()
    {
        await using var gw = await TestGateway.StartAsync();

        await gw.RequestAsync("no.such.one");
        await gw.RequestAsync("no.such.two");
        var scrape = await gw.ScrapeAsync();

        Assert.Equal(2, scrape.Value("cairn_requests_total", ("method", "(unknown)"), ("code", "NOT_FOUND")));
        Assert.Equal(0, scrape.Value("cairn_requests_total", ("method", "no.such.one")));
    }

    [Fact]
    public void SurfaceTag_IsCleanedAndBounded()
    {
        var surfaces = new Cairn.Observability.Surfaces();
        Assert.Equal("web", surfaces.Normalize("cairn-ui"));
        Assert.Equal("other", surfaces.Normalize("unknown"));
        Assert.Equal("other", surfaces.Normalize("  "));
        Assert.Equal("myclient", surfaces.Normalize("My Client!"));
        for (var i = 0; i < 100; i++)
        {
            surfaces.Normalize($"flood-{i}");
        }

        Assert.Equal("other", surfaces.Normalize("flood-999"));
    }
}
