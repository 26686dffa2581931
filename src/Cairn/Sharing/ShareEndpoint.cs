using System.Threading.RateLimiting;

namespace Cairn.Sharing;

/// <summary>
/// <c>GET /s/&lt;token&gt;</c>: the share page, without the gateway token. Its own headers: a policy that allows no
/// script and no request beyond the page, <c>noindex</c>, no referrer, no caching. Rate-limited per client address
/// (<see cref="PerMinute"/> pages a minute); a link that does not work is a 404 page that says no more than that.
/// </summary>
public static class ShareEndpoint
{
    public const int PerMinute = 60;
    private const string Policy = "share-pages";

    private const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IServiceCollection AddSharePages(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    });

    public static WebApplication MapSharePages(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapGet("/s/{token}", static (HttpContext http, string token, ShareService shares) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["X-Robots-Tag"] = "noindex, nofollow, noarchive";
            headers.CacheControl = "no-store";
            var shared = shares.View(token);
            return shared is null
                ? Results.Content(SharePage.Gone(), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound)
                : Results.Content(SharePage.Render(shared), "text/html; charset=utf-8");
        }).RequireRateLimiting(Policy);
        return app;
    }
}
