using Cairn.Config;

namespace Cairn.Transport;

/// <summary>Host check (DNS rebinding), and headers that keep the UI from being framed, sniffed or scripted.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public static void UseSecurityHeaders(this WebApplication app, GatewayConfig gateway)
    {
        var loopbackOnly = OriginPolicy.IsLoopback(gateway.Bind);
        app.Use(async (http, next) =>
        {
            if (!OriginPolicy.HostAllowed(http.Request, loopbackOnly, gateway.AllowedOrigins))
            {
                http.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                await http.Response.WriteAsync(loopbackOnly
                    ? "This gateway answers only to localhost."
                    : "This gateway answers only to its IP addresses and the hosts in gateway.allowedOrigins.");
                return;
            }

            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            await next(http);
        });
    }
}
