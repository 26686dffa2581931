using System.Globalization;
using Cairn.Config;
using Cairn.Observability;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>
/// The HTTP request-rate limit (<see cref="HttpRateLimiter"/>) as the first step of the pipeline after the Host
/// check: a request over its address's rate is answered 429 <c>RATE_LIMITED</c> with <c>Retry-After</c> and
/// <c>details.retryAfterMs</c>, before the token is checked or the body read. Exempt paths (the health, readiness
/// and metrics probes) are never counted, so a client
/// that floods the gateway cannot make a supervisor think it is down. A WebSocket upgrade is one request; the
/// messages on the socket have their own limit.
/// </summary>
public static class HttpRateLimit
{
    public static void UseHttpRateLimit(this WebApplication app, Func<PathString, bool> exempt)
    {
        var limiter = app.Services.GetRequiredService<HttpRateLimiter>();
        var metrics = app.Services.GetRequiredService<CairnMetrics>();
        var logger = app.Services.GetRequiredService<ILogger<HttpRateLimiter>>();
        var limits = app.Services.GetRequiredService<CairnConfig>().Gateway.Limits;
        app.Use(async (http, next) =>
        {
            if (exempt(http.Request.Path) || limiter.Take(http.Connection.RemoteIpAddress) is not { RetryAfter: { } wait } verdict)
            {
                await next(http);
                return;
            }

            metrics.LimitRefused("http_rate");
            if (verdict.FirstRefusal)
            {
                Log.Refused(logger, "HTTP requests", http.Connection.RemoteIpAddress?.ToString(), "request rate over gateway.limits.httpRequestsPerSecond");
            }

            await RefuseAsync(http, wait, limits);
        });
    }

    private static Task RefuseAsync(HttpContext http, TimeSpan wait, GatewayLimits limits)
    {
        var retryMs = Math.Max(1, (long)Math.Ceiling(wait.TotalMilliseconds));
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var error = new MethodError(ErrorCode.RateLimited,
            $"More than {limits.HttpRequestsPerSecond} HTTP requests a second (bursts of {limits.HttpRequestBurst}) from this address; slow down.",
            new Dictionary<string, object?> { ["retryAfterMs"] = retryMs });
        return http.Response.WriteAsJsonAsync(new { ok = false, error }, ProtocolJson.Options);
    }
}
