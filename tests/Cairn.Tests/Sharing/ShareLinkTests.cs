using System.Net;
using System.Net.Http.Headers;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Sharing;

/// <summary>
/// Read-only share links through a real gateway: the page opens without the gateway token, shows the conversation
/// (a snapshot, or live) HTML-encoded with headers that allow no script, and stops working when revoked, expired or
/// its session deleted; the token opens nothing else.
/// </summary>
public sealed class ShareLinkTests
{
    private static async Task SendAsync(TestGateway gw, string key, string message) =>
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true))).Status);

    private static async Task<ShareLink> ShareAsync(TestGateway gw, string key, bool live = false, int? days = null) =>
        (await gw.CallAsync<SessionsShareResult>("sessions.share", new SessionsShareParams(key, days, live))).Share;

    /// <summary>A browser's view of the link: no gateway token, no cookies.</summary>
    private static async Task<(HttpStatusCode Status, string Body, HttpResponseHeaders Headers)> OpenAsync(TestGateway gw, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = gw.Host.Address };
        using var response = await anonymous.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    [Fact]
    public async Task ASnapshot_OpensWithoutTheToken_ShowsTheConversationEncoded_AndNotWhatCameLater()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Garden <Plans>"));
        await SendAsync(gw, "garden-plans", "Which tomatoes? <script>alert('x')</script>");
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session info", "garden-plans", Wait: true));

        var link = await ShareAsync(gw, "garden-plans");
        await SendAsync(gw, "garden-plans", "a message after the snapshot");
        var (status, body, headers) = await OpenAsync(gw, link.Path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"/s/{link.Token}", link.Path);
        Assert.Equal(gw.Host.Address.ToString().TrimEnd('/') + link.Path, link.Url);
        Assert.True(link.LoopbackOnly);
        Assert.Contains("<h1>Garden &lt;Plans&gt;</h1>", body, StringComparison.Ordinal);
        Assert.Contains("Which tomatoes? &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", body, StringComparison.Ordinal);
        Assert.Contains("Echo: Which tomatoes?", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("a message after the snapshot", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/session info", body, StringComparison.Ordinal);
        Assert.DoesNotContain(gw.Token!, body, StringComparison.Ordinal);
        Assert.StartsWith("default-src 'none';", headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("noindex", headers.GetValues("X-Robots-Tag").Single(), StringComparison.Ordinal);
        Assert.Equal("no-store", headers.CacheControl!.ToString());
    }

    [Fact]
    public async Task ALiveLink_ShowsWhatWasSaidSince()
    {
        await using var gw = await TestGateway.StartAsync();
        await SendAsync(gw, "main", "before sharing");
        var link = await ShareAsync(gw, "main", live: true);
        await SendAsync(gw, "main", "after sharing");

        var (status, body, _) = await OpenAsync(gw, link.Path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(link.Live);
        Assert.Contains("after sharing", body, StringComparison.Ordinal);
        Assert.Contains("A live, read-only view", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_Expired_OrDeleted_TheLinkStopsAtOnce_AndIsNoLongerListed()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch"));
        var revoked = await ShareAsync(gw, "main");
        var expiring = await ShareAsync(gw, "main", days: 1);
        var kept = await ShareAsync(gw, "main", days: 3);
        var ofDeleted = await ShareAsync(gw, "scratch");

        var unshared = await gw.CallAsync<SessionsUnshareResult>("sessions.unshare", new SessionsUnshareParams(revoked.Token));
        var again = await gw.RequestAsync<SessionsUnshareResult>("sessions.unshare", new SessionsUnshareParams(revoked.Token));
        gw.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await gw.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("scratch"));

        Assert.True(unshared.Revoked);
        Assert.Equal(ErrorCode.NotFound, again.Error!.Code);
        Assert.Equal(HttpStatusCode.NotFound, (await OpenAsync(gw, revoked.Path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await OpenAsync(gw, expiring.Path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await OpenAsync(gw, ofDeleted.Path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await OpenAsync(gw, kept.Path)).Status);
        var listed = await gw.CallAsync<SessionsSharesResult>("sessions.shares", new SessionsSharesParams());
        Assert.Equal([kept.Token], listed.Shares.Select(s => s.Token));
        var ofMain = await gw.CallAsync<SessionsSharesResult>("sessions.shares", new SessionsSharesParams("main"));
        Assert.Equal([kept.Token], ofMain.Shares.Select(s => s.Token));
    }

    [Fact]
    public async Task TheShareToken_OpensNothingElse_AndAnUnknownOrMalformedLinkIsThe404Page()
    {
        await using var gw = await TestGateway.StartAsync();
        var link = await ShareAsync(gw, "main");

        using var withShareToken = new HttpClient { BaseAddress = gw.Host.Address };
        withShareToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", link.Token);
        using var api = await withShareToken.PostAsync("/api", new StringContent("""{"method":"sessions.list"}""", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await OpenAsync(gw, "/s/" + new string('A', 43));
        var malformed = await OpenAsync(gw, "/s/not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("Link not available", unknown.Body, StringComparison.Ordinal);
        Assert.Equal(unknown.Body, malformed.Body);
    }

    [Fact]
    public async Task SharePages_AreRateLimitedPerAddress()
    {
        await using var gw = await TestGateway.StartAsync();
        var link = await ShareAsync(gw, "main");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Cairn.Sharing.ShareEndpoint.PerMinute + 1; i++)
        {
            statuses.Add((await OpenAsync(gw, link.Path)).Status);
        }

        Assert.All(statuses.Take(Cairn.Sharing.ShareEndpoint.PerMinute), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task SlashCommands_ShareAndUnshare_TheCurrentSession()
    {
        await using var gw = await TestGateway.StartAsync();
        await SendAsync(gw, "main", "hello there");

        var shared = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session share live 7", "main", Wait: true));
        var reply = shared.Command!.Reply;
        var url = reply.Split('\n')[1];
        var path = new Uri(url).AbsolutePath;
        var before = await OpenAsync(gw, path);
        var unshared = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"/session unshare {url}", "main", Wait: true));
        var wrong = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/session share forever", "main", Wait: true));

        Assert.StartsWith("Read-only link to 'Main' (live, until 2026-03-09 10:00 UTC):", reply, StringComparison.Ordinal);
        Assert.Contains("loopback only", reply, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("Revoked: the link no longer opens.", unshared.Command!.Reply);
        Assert.Equal(HttpStatusCode.NotFound, (await OpenAsync(gw, path)).Status);
        Assert.Equal("Usage: /session share [live] [days]", wrong.Command!.Reply);
    }

    [Fact]
    public async Task TheCli_Shares_Lists_AndUnshares()
    {
        await using var gw = await TestGateway.StartAsync();

        var share = await Cli.CairnCli.RunAsync(gw, "sessions", "share", "main", "--days", "2");
        var list = await Cli.CairnCli.RunAsync(gw, "sessions", "shares");
        var token = new Uri(share.Stdout.Split('\n')[0]).AbsolutePath[3..];
        var unshare = await Cli.CairnCli.RunAsync(gw, "sessions", "unshare", token);
        var empty = await Cli.CairnCli.RunAsync(gw, "sessions", "shares", "main");
        var unknown = await Cli.CairnCli.RunAsync(gw, "sessions", "share", "nope");

        Assert.Equal(0, share.Code);
        Assert.Contains("A snapshot of 'Main', read-only; it stops working 2026-03-04 10:00 UTC.", share.Stdout, StringComparison.Ordinal);
        Assert.Matches("^SESSION +KIND +EXPIRES +LINK\nmain +snapshot +2026-03-04 10:00 UTC +http://", list.Stdout);
        Assert.Equal(0, unshare.Code);
        Assert.Equal("No share links.\n", empty.Stdout);
        Assert.NotEqual(0, unknown.Code);
        Assert.Contains("NOT_FOUND", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadParams_AreInvalid_AndUnknownSessionsAreNotFound()
    {
        await using var gw = await TestGateway.StartAsync();

        var zeroDays = await gw.RequestAsync<SessionsShareResult>("sessions.share", new SessionsShareParams("main", 0));
        var tooLong = await gw.RequestAsync<SessionsShareResult>("sessions.share", new SessionsShareParams("main", 366));
        var unknown = await gw.RequestAsync<SessionsShareResult>("sessions.share", new SessionsShareParams("nope"));
        var badToken = await gw.RequestAsync<SessionsUnshareResult>("sessions.unshare", new SessionsUnshareParams("short"));
        var listUnknown = await gw.RequestAsync<SessionsSharesResult>("sessions.shares", new SessionsSharesParams("nope"));

        Assert.Equal("expiresInDays", zeroDays.Error!.Detail<string>("field"));
        Assert.Equal(ErrorCode.InvalidRequest, tooLong.Error!.Code);
        Assert.Equal(ErrorCode.NotFound, unknown.Error!.Code);
        Assert.Equal("token", badToken.Error!.Detail<string>("field"));
        Assert.Equal(ErrorCode.NotFound, listUnknown.Error!.Code);
    }
}
