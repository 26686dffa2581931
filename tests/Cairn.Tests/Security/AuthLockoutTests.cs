using System.Net;
using System.Net.WebSockets;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>
/// Wrong tokens are rate limited per remote address, loopback included: after the limit in a minute the
/// address's wrong tokens get RATE_LIMITED until the oldest failure leaves the window; the right token always works
/// (see <see cref="AuthBudgetTests"/> for the gateway-wide budget).
/// </summary>
public sealed class AuthLockoutTests
{
    private const string ListBody = """{"method":"sessions.list"}""";
    private const int Limit = 10;

    [Fact]
    public async Task TenWrongTokens_LockTheAddressOutForWrongTokens_UntilTheWindowPasses()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        for (var i = 0; i < Limit; i++)
        {
            var (wrong, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: $"guess-{i}"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            gw.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var (locked, body) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess-again"));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(ErrorCode.RateLimited, Code(body));
        Assert.Equal(TimeSpan.FromSeconds(50), locked.Headers.RetryAfter!.Delta);
        Assert.Equal(50_000, Error(body)!.Detail<long>("retryAfterMs"));

        gw.Clock.Advance(TimeSpan.FromSeconds(49));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess-again"))).Response.StatusCode);

        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess-again"))).Response.StatusCode);
    }

    [Fact]
    public async Task WrongTokensSpreadOverMoreThanAMinute_DoNotLockOut()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        for (var i = 0; i < Limit * 3; i++)
        {
            var (wrong, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: "nope"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            gw.Clock.Advance(TimeSpan.FromSeconds(7));
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token))).Response.StatusCode);
    }

    [Fact]
    public async Task MissingTokens_DoNotCount_SoAFormPostCannotLockTheUserOut()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        for (var i = 0; i < Limit * 2; i++)
        {
            var (refused, _) = await SendAsync(client, ApiRequest(gw, "label=x", "application/x-www-form-urlencoded"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token))).Response.StatusCode);
    }

    [Fact]
    public async Task Lockout_IsPerAddress()
    {
        await using var gw = await TestGateway.StartAsync();
        using var attacker = ClientFrom(IPAddress.Parse("127.0.0.2"));
        using var user = ClientFrom(IPAddress.Parse("127.0.0.1"));
        for (var i = 0; i < Limit; i++)
        {
            await SendAsync(attacker, ApiRequest(gw, ListBody, bearer: "guess"));
        }

        var (attackerReply, _) = await SendAsync(attacker, ApiRequest(gw, ListBody, bearer: "guess"));
        var (userReply, _) = await SendAsync(user, ApiRequest(gw, ListBody, bearer: "typo"));

        Assert.Equal(HttpStatusCode.TooManyRequests, attackerReply.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, userReply.StatusCode);
    }

    [Fact]
    public async Task WrongTokensOverWebSocket_LockOutBothTransports()
    {
        await using var gw = await TestGateway.StartAsync();
        for (var i = 0; i < Limit; i++)
        {
            await using var ws = await RawWsAsync(gw);
            var res = await ws.RequestAsync<Hello>("connect", new ConnectParams($"guess-{i}"));
            Assert.Equal(ErrorCode.Unauthorized, res.Error?.Code);
        }

        await using var again = await RawWsAsync(gw);
        var wsLocked = await again.RequestAsync<Hello>("connect", new ConnectParams("guess-again"));
        using var client = new HttpClient();
        var (api, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess-again"));

        Assert.Equal(ErrorCode.RateLimited, wsLocked.Error?.Code);
        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
    }

    [Fact]
    public async Task LockoutStartingWhileASocketWaits_RefusesItsConnect_WithRateLimited()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var waiting = await RawWsAsync(gw);
        using var client = new HttpClient();
        for (var i = 0; i < Limit; i++)
        {
            await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess"));
        }

        var res = await waiting.RequestAsync<Hello>("connect", new ConnectParams("guess-again"));
        await waiting.WaitClosedAsync();

        Assert.Equal(ErrorCode.RateLimited, res.Error?.Code);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, waiting.CloseStatus);
    }

    [Fact]
    public async Task Limit_IsConfigurable()
    {
        await using var gw = await TestGateway.StartAsync(c => c with
        {
            Gateway = c.Gateway with { Limits = c.Gateway.Limits with { AuthFailuresPerMinute = 2 } },
        });
        using var client = new HttpClient();
        await SendAsync(client, ApiRequest(gw, ListBody, bearer: "a"));
        await SendAsync(client, ApiRequest(gw, ListBody, bearer: "b"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync(client, ApiRequest(gw, ListBody, bearer: "c"))).Response.StatusCode);
    }

    [Fact]
    public void Limiter_CountsMappedIPv4AsIPv4_AndAnIPv6SlashSixtyFourAsOneHost()
    {
        var clock = new ManualTimeProvider();
        var limiter = new AuthFailureLimiter(Cairn.Config.CairnConfig.Default, clock);
        for (var i = 0; i < Limit; i++)
        {
            limiter.RecordFailure(IPAddress.Parse("::ffff:10.0.0.5"));
            limiter.RecordFailure(IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"));
        }

        Assert.NotNull(limiter.LockedFor(IPAddress.Parse("10.0.0.5")));
        Assert.NotNull(limiter.LockedFor(IPAddress.Parse("2001:db8:1:2:ffff::1")));
        Assert.Null(limiter.LockedFor(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Null(limiter.LockedFor(IPAddress.Parse("10.0.0.6")));
        clock.Advance(AuthFailureLimiter.Window);
        Assert.Null(limiter.LockedFor(IPAddress.Parse("10.0.0.5")));
    }
}
