using Cairn.Config;

namespace Cairn.Transport;

/// <summary>
/// CORS for <c>POST /api</c>, off unless <c>gateway.corsOrigins</c> lists exact origins. A listed origin gets
/// <c>Access-Control-Allow-Origin</c> for itself (never <c>*</c>, never credentials: the token travels in the
/// Authorization header, which the page must already hold); every other origin gets no CORS header, so the
/// browser keeps its responses from the page and refuses its preflights.
/// </summary>
public static class CorsPolicy
{
    public static void UseCorsPolicy(this WebApplication app, GatewayConfig gateway)
    {
        if (gateway.CorsOrigins.Count == 0)
        {
            return;
        }

        app.Use(async (http, next) =>
        {
            var origin = http.Request.Headers.Origin.ToString();
            var listed = origin.Length > 0 && http.Request.Path.Equals("/api", StringComparison.Ordinal)
                && gateway.CorsOrigins.Any(o => OriginPolicy.SameOrigin(o, origin));
            if (!listed)
            {
                await next(http);
                return;
            }

            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
            if (HttpMethods.IsOptions(http.Request.Method))
            {
                headers.AccessControlAllowMethods = "POST";
                headers.AccessControlAllowHeaders = "Authorization, Content-Type";
                headers.AccessControlMaxAge = "600";
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }

            await next(http);
        });
    }
}
