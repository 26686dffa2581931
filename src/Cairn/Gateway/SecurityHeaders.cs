namespace Cairn.Gateway;

/// <summary>Host check (DNS rebinding), and headers that keep the UI from being framed, sniffed or scripted.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static void UseSecurityHeaders(this WebApplication app, bool loopbackOnly) => app.Use(async (http, next) =>
    {
        if (!OriginPolicy.HostAllowed(http.Request, loopbackOnly))
        {
            http.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await http.Response.WriteAsync("This gateway answers only to localhost.");
            return;
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        await next(http);
    });
}
