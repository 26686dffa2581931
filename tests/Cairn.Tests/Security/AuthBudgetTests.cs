using System.Net;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Cairn.Transport;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>
/// Wrong tokens are limited gateway-wide as well as per address (a local process can rotate through 127.0.0.0/8),
/// the table of addresses is bounded, and the right token is never refused because someone else guessed wrong.
/// </summary>
public sealed class AuthBudgetTests
{
    private const string ListBody = """{"method":"sessions.list"}""";

    [Fact]
    public async Task WrongTokensFromRotatingLoopbackAddresses_HitTheGlobalBudget()
    {
        await using var gw = await TestGateway.StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 120; i++)
        {
            using var guesser = ClientFrom(IPAddress.Parse($"127.0.{i / 250}.{(i % 250) + 2}"));
            statuses.Add((await SendAsync(guesser, ApiRequest(gw, ListBody, bearer: $"guess-{i}"))).Response.StatusCode);
        }

        Assert.All(statuses.Take(100), s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.All(statuses.Skip(100), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    [Fact]
    public async Task TheRightToken_IsAccepted_EvenFromAnAddressLockedOutForWrongOnes()
    {
        await using var gw = await TestGateway.StartAsync();
        using var client = new HttpClient();
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(client, ApiRequest(gw, ListBody, bearer: $"guess-{i}"));
        }

        var (wrong, _) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: "guess-again"));
        var (right, body) = await SendAsync(client, ApiRequest(gw, ListBody, bearer: gw.Token));
        await using var ws = await gw.ConnectWsAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.True(IsOk(body));
        Assert.True((await ws.RequestAsync<SessionsListResult>("sessions.list")).Ok);
    }

    [Fact]
    public void TheAddressTable_IsBounded_HoweverManyAddressesGuess()
    {
        var clock = new ManualTimeProvider();
        var limiter = new AuthFailureLimiter(Cairn.Config.CairnConfig.Default, clock);
        for (var i = 0; i < 30_000; i++)
        {
            limiter.RecordFailure(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
        }

        Assert.InRange(limiter.TrackedAddresses, 1, AuthFailureLimiter.MaxTrackedAddresses);
        Assert.NotNull(limiter.LockedFor(IPAddress.Parse("10.200.0.1"))); // the global budget covers the untracked
    }
}
