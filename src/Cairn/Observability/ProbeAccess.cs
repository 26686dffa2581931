using System.Net;
using Cairn.Protocol;
using Cairn.Transport;

namespace Cairn.Observability;

/// <summary>
/// Who may read <c>/healthz</c> and <c>/metrics</c>: a loopback client without the token (a local Prometheus or
/// health check has no token to hand), anyone else only with <c>Authorization: Bearer &lt;token&gt;</c>. A request
/// carrying a proxy header (<c>X-Forwarded-For</c>, <c>Forwarded</c>) is not treated as local, because a reverse
/// proxy on this machine makes every remote caller look like loopback.
/// </summary>
public sealed class ProbeAccess(GatewayAuth auth)
{
    /// <summary>Decides "local"; tests replace it to exercise the remote branch over a loopback socket.</summary>
    public Func<HttpContext, bool> IsLocal { get; init; } = IsLoopbackClient;

    /// <summary>With <c>gateway.auth.mode: none</c> (loopback-only) every caller passes, as on <c>/api</c>.</summary>
    public bool Allows(HttpContext http) =>
        IsLocal(http) || auth.Check(GatewayAuth.BearerToken(http.Request.Headers.Authorization));

    /// <summary>Runs <paramref name="next"/> when allowed; otherwise answers 401 in the API's error shape.</summary>
    public async Task GuardAsync(HttpContext http, Func<Task> next)
    {
        if (Allows(http))
        {
            await next();
            return;
        }

        await Refusal(http).ExecuteAsync(http);
    }

    public static IResult Refusal(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer";
        var error = new MethodError(ErrorCode.Unauthorized,
            "Health and metrics need 'Authorization: Bearer <token>' when not called from this machine (the token is in gateway.token in the data dir).");
        return Results.Json(new { ok = false, error }, ProtocolJson.Options, statusCode: StatusCodes.Status401Unauthorized);
    }

    public static bool IsLoopbackClient(HttpContext http)
    {
        var headers = http.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded"))
        {
            return false;
        }

        return http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);
    }
}
