using System.Net;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;
using Cairn.Transport;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Transport;

/// <summary>The one token check behind <c>/api</c> and <c>/ws</c>: compare, count wrong tokens, lock out, log.</summary>
public sealed class GatewayAuthTests
{
    private const string Token = "the-right-token";
    private static readonly IPAddress Caller = IPAddress.Parse("10.0.0.1");
    private readonly ManualTimeProvider _clock = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly GatewayAuth _auth = new(Token);
    private readonly AuthFailureLimiter _limiter;
    private readonly ILogger _logger;

    public GatewayAuthTests()
    {
        _limiter = new AuthFailureLimiter(CairnConfig.Default, _clock);
        _logger = _logs.CreateLogger("test");
    }

    private static int Limit => CairnConfig.Default.Gateway.Limits.AuthFailuresPerMinute;

    [Fact]
    public void RightToken_Passes_AndLogsNothing()
    {
        Assert.Null(_auth.Authenticate(Token, Caller, AuthSurface.Http, _limiter, _logger));
        Assert.Empty(_logs.Entries);
    }

    [Theory]
    [InlineData("http", "/api")]
    [InlineData("ws", "/ws connect")]
    public void WrongToken_IsUnauthorized_WithTheSurfacesMessage_AndIsLoggedWithoutTheToken(string surfaceName, string loggedAs)
    {
        var surface = surfaceName == "http" ? AuthSurface.Http : AuthSurface.WebSocket;

        var refused = _auth.Authenticate("a-guess", Caller, surface, _limiter, _logger);

        Assert.NotNull(refused);
        Assert.Equal(ErrorCode.Unauthorized, refused.Error.Code);
        Assert.Equal(surface.RefusalMessage, refused.Error.Message);
        Assert.Null(refused.RetryAfter);
        var entry = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Equal($"Refused {loggedAs} from 10.0.0.1: wrong token", entry.Message);
    }

    [Fact]
    public void TheTwoSurfaces_KeepTheirOwnRefusalTexts()
    {
        Assert.Equal("Missing or wrong token: send 'Authorization: Bearer <token>' (the token is in gateway.token in the data dir).",
            AuthSurface.Http.RefusalMessage);
        Assert.Equal("Missing or wrong token.", AuthSurface.WebSocket.RefusalMessage);
    }

    [Fact]
    public void MissingToken_IsUnauthorized_ButDoesNotCountTowardsTheLockout()
    {
        for (var i = 0; i < Limit * 2; i++)
        {
            Assert.Equal(ErrorCode.Unauthorized, _auth.Authenticate(i % 2 == 0 ? null : "", Caller, AuthSurface.Http, _limiter, _logger)?.Error.Code);
        }

        Assert.Null(_limiter.LockedFor(Caller));
        Assert.Null(_auth.Authenticate(Token, Caller, AuthSurface.Http, _limiter, _logger));
        Assert.All(_logs.Entries, e => Assert.EndsWith(": no token", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void WrongTokensUpToTheLimit_LockTheAddressOutForWrongTokens_UntilTheWindowPasses_ButNeverTheRightToken()
    {
        for (var i = 0; i < Limit; i++)
        {
            _auth.Authenticate($"guess-{i}", Caller, AuthSurface.Http, _limiter, _logger);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var locked = _auth.Authenticate("guess-again", Caller, AuthSurface.WebSocket, _limiter, _logger);

        Assert.NotNull(locked);
        Assert.Equal(ErrorCode.RateLimited, locked.Error.Code);
        Assert.Equal("Too many wrong tokens from this address; try again in 50 s.", locked.Error.Message);
        Assert.Equal(50_000L, locked.Error.Details!["retryAfterMs"]);
        Assert.Equal(TimeSpan.FromSeconds(50), locked.RetryAfter);
        Assert.Null(_auth.Authenticate(Token, Caller, AuthSurface.WebSocket, _limiter, _logger));
        Assert.Null(_auth.Authenticate(Token, IPAddress.Parse("10.0.0.2"), AuthSurface.Http, _limiter, _logger));

        _clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(ErrorCode.Unauthorized, _auth.Authenticate("guess-again", Caller, AuthSurface.WebSocket, _limiter, _logger)?.Error.Code);
    }

    [Fact]
    public void AuthModeNone_LetsEveryCallerPass_AndCountsNothing()
    {
        var open = new GatewayAuth(null);
        for (var i = 0; i < Limit * 2; i++)
        {
            Assert.Null(open.Authenticate("anything", Caller, AuthSurface.WebSocket, _limiter, _logger));
        }

        Assert.Null(_limiter.LockedFor(Caller));
        Assert.Empty(_logs.Entries);
    }
}
