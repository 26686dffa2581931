using System.Globalization;
using System.Text.Json;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Cairn.Transport;

/// <summary>
/// <c>POST /api</c>: <c>{"method", "params"}</c> with <c>Authorization: Bearer</c>; answers
/// <c>{"ok": true, "result"}</c> or <c>{"ok": false, "error"}</c> with the error's HTTP status.
/// </summary>
public static class ApiEndpoint
{
    public static void MapApi(this IEndpointRouteBuilder app) => app.MapPost("/api", HandleAsync);

    private static async Task HandleAsync(HttpContext http, GatewayAuth auth, AuthFailureLimiter limiter, MethodDispatcher dispatcher,
        CairnConfig config, ILogger<MethodDispatcher> logger)
    {
        var presented = GatewayAuth.BearerToken(http.Request.Headers.Authorization);
        if (auth.Authenticate(presented, http.Connection.RemoteIpAddress, AuthSurface.Http, limiter, logger) is { } refused)
        {
            await Refuse(http, refused);
            return;
        }

        // A cross-site HTML form can only post form or text/plain bodies; JSON needs a CORS preflight.
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await Reply(http, Fail(ErrorCode.InvalidRequest, "Content-Type must be application/json."));
            return;
        }

        if (http.Request.ContentLength > config.Gateway.MaxPayloadBytes)
        {
            await Reply(http, TooLarge(config));
            return;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, http.RequestAborted);
        }
        catch (JsonException)
        {
            await Reply(http, Fail(ErrorCode.InvalidRequest, "The body is not valid JSON."));
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Reply(http, TooLarge(config));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonGuard.HasUnreadableText(root))
            {
                await Reply(http, Fail(ErrorCode.InvalidRequest, JsonGuard.Problem));
                return;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
            {
                await Reply(http, Fail(ErrorCode.InvalidRequest, "The body must be an object with a string 'method' and an optional 'params' object."));
                return;
            }

            var extra = root.EnumerateObject().FirstOrDefault(p => p.Name is not ("method" or "params"));
            if (extra.Value.ValueKind != JsonValueKind.Undefined)
            {
                await Reply(http, Fail(ErrorCode.InvalidRequest, $"Unknown field '{extra.Name}' in the request body."));
                return;
            }

            var method = methodElement.GetString()!;
            if (method == "connect")
            {
                await Reply(http, Fail(ErrorCode.InvalidRequest, "'connect' is the WebSocket handshake; over HTTP send the token as a Bearer header."));
                return;
            }

            JsonElement? parameters = root.TryGetProperty("params", out var p) ? p : null;
            var outcome = await dispatcher.DispatchAsync(method, parameters, new MethodContext("http", "http"), http.RequestAborted);
            await Reply(http, outcome);
        }
    }

    private static MethodError TooLarge(CairnConfig config) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than {config.Gateway.MaxPayloadBytes} bytes.");

    private static Outcome<object> Fail(ErrorCode code, string message) => new MethodError(code, message);

    private static Task Refuse(HttpContext http, AuthRefusal refused)
    {
        if (refused.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return Reply(http, refused.Error);
    }

    private static Task Reply(HttpContext http, Outcome<object> outcome)
    {
        if (http.Features.Get<IHttpResponseFeature>()?.HasStarted == true)
        {
            return Task.CompletedTask;
        }

        if (outcome.Error is { } error)
        {
            http.Response.StatusCode = error.Code.HttpStatus();
            return http.Response.WriteAsJsonAsync(new { ok = false, error }, ProtocolJson.Options);
        }

        return http.Response.WriteAsJsonAsync(new { ok = true, result = outcome.Value }, ProtocolJson.Options);
    }
}
