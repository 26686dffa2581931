using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>
/// The gateway's token and the one authentication check that <c>/api</c> and <c>/ws</c> share. The token is
/// compared in constant time; with auth mode none (loopback only) every caller passes.
/// </summary>
public sealed class GatewayAuth(string? token)
{
    private readonly byte[]? _expected = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Required => _expected is not null;

    public bool Check(string? presented)
    {
        if (_expected is null)
        {
            return true;
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(actual, _expected) && presented is { Length: > 0 };
    }

    /// <summary>
    /// Checks the token <paramref name="remote"/> presented on <paramref name="surface"/>; null when it may pass.
    /// A locked-out address is refused before its token is looked at. A wrong token counts against the address;
    /// a missing one is not a guess and does not count, so a cross-site form post that reaches loopback cannot
    /// lock the real user out.
    /// </summary>
    public AuthRefusal? Authenticate(string? presented, IPAddress? remote, AuthSurface surface, AuthFailureLimiter limiter, ILogger logger)
    {
        if (!Required)
        {
            return null;
        }

        // The right token first: someone else's wrong guesses must never lock the owner out.
        if (Check(presented))
        {
            return null;
        }

        if (presented is { Length: > 0 })
        {
            if (limiter.LockedFor(remote) is { } wait)
            {
                return new AuthRefusal(LockedOut(wait), wait);
            }

            limiter.RecordFailure(remote);
        }

        Log.Refused(logger, surface.Name, remote?.ToString(), presented is { Length: > 0 } ? "wrong token" : "no token");
        return new AuthRefusal(new MethodError(ErrorCode.Unauthorized, surface.RefusalMessage), null);
    }

    /// <summary>The token of an <c>Authorization: Bearer …</c> header; tokens anywhere else are ignored.</summary>
    public static string? BearerToken(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;

    private static MethodError LockedOut(TimeSpan wait) => new(ErrorCode.RateLimited,
        $"Too many wrong tokens from this address; try again in {Math.Ceiling(wait.TotalSeconds)} s.",
        new Dictionary<string, object?> { ["retryAfterMs"] = (long)Math.Ceiling(wait.TotalMilliseconds) });
}

/// <summary>Where a token was presented: the name refusals are logged under, and what a refusal tells the caller.</summary>
public sealed record AuthSurface(string Name, string RefusalMessage)
{
    /// <summary><c>POST /api</c>: the token is read only from <c>Authorization: Bearer</c> (never the query string, a cookie or the body).</summary>
    public static AuthSurface Http { get; } = new("/api",
        "Missing or wrong token: send 'Authorization: Bearer <token>' (the token is in gateway.token in the data dir).");

    /// <summary><c>/ws</c>: the token comes only from the <c>connect</c> params.</summary>
    public static AuthSurface WebSocket { get; } = new("/ws connect", "Missing or wrong token.");
}

/// <summary>A refused token: the error to answer with, and how long a locked-out address must wait (null when not locked out).</summary>
public sealed record AuthRefusal(MethodError Error, TimeSpan? RetryAfter);
