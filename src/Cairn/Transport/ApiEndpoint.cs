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
        if (!await AdmitAsync(http, auth, limiter, config, logger))
        {
            return;
        }

        var body = await ParseBodyAsync(http, config);
        if (body.Error is { } unreadable)
        {
            await Reply(http, unreadable);
            return;
        }

        using var document = body.Value!;
        var call = ReadCall(document.RootElement);
        if (call.Error is { } invalid)
        {
            await Reply(http, invalid);
            return;
        }

        var outcome = await dispatcher.DispatchAsync(call.Value.Method, call.Value.Parameters, new MethodContext("http", "http"), http.RequestAborted);
        await Reply(http, outcome);
    }

    /// <summary>The token, then the content type, then the declared size; replies and answers false on the first that fails.</summary>
    private static async Task<bool> AdmitAsync(HttpContext http, GatewayAuth auth, AuthFailureLimiter limiter, CairnConfig config,
        ILogger<MethodDispatcher> logger)
    {
        var presented = GatewayAuth.BearerToken(http.Request.Headers.Authorization);
        if (auth.Authenticate(presented, http.Connection.RemoteIpAddress, AuthSurface.Http, limiter, logger) is { } refused)
        {
            await Refuse(http, refused);
            return false;
        }

        if (CheckBodyHeaders(http.Request, config) is { } problem)
        {
            await Reply(http, problem);
            return false;
        }

        return true;
    }

    private static MethodError? CheckBodyHeaders(HttpRequest request, CairnConfig config)
    {
        // A cross-site HTML form can only post form or text/plain bodies; JSON needs a CORS preflight.
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(ErrorCode.InvalidRequest, "Content-Type must be application/json.");
        }

        return request.ContentLength > config.Gateway.MaxPayloadBytes ? TooLarge(config) : null;
    }

    private static async Task<Outcome<JsonDocument>> ParseBodyAsync(HttpContext http, CairnConfig config)
    {
        try
        {
            return await JsonDocument.ParseAsync(http.Request.Body, JsonGuard.DocumentOptions, http.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Fail(ErrorCode.InvalidRequest, JsonGuard.Describe(ex, "The body"));
        }
        catch (Exception ex) when (JsonGuard.IsUnreadableKey(ex))
        {
            return Fail(ErrorCode.InvalidRequest, JsonGuard.Problem);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(config);
        }
    }

    /// <summary>The body's <c>method</c> and optional <c>params</c>, or why the body is not a request.</summary>
    private static Outcome<ApiCall> ReadCall(JsonElement root)
    {
        if (JsonGuard.HasUnreadableText(root))
        {
            return Fail(ErrorCode.InvalidRequest, JsonGuard.Problem);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("method", out var methodElement) || methodElement.ValueKind != JsonValueKind.String)
        {
            return Fail(ErrorCode.InvalidRequest, "The body must be an object with a string 'method' and an optional 'params' object.");
        }

        var extra = root.EnumerateObject().FirstOrDefault(p => p.Name is not ("method" or "params"));
        if (extra.Value.ValueKind != JsonValueKind.Undefined)
        {
            return Fail(ErrorCode.InvalidRequest, $"Unknown field '{extra.Name}' in the request body.");
        }

        var method = methodElement.GetString()!;
        if (method == "connect")
        {
            return Fail(ErrorCode.InvalidRequest, "'connect' is the WebSocket handshake; over HTTP send the token as a Bearer header.");
        }

        return new ApiCall(method, root.TryGetProperty("params", out var p) ? p : null);
    }

    private readonly record struct ApiCall(string Method, JsonElement? Parameters);

    private static MethodError TooLarge(CairnConfig config) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than {config.Gateway.MaxPayloadBytes} bytes.");

    private static MethodError Fail(ErrorCode code, string message) => new(code, message);

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

        return http.Response.WriteAsJsonAsync(new { ok = true, result = outcome.Value }, WireJson.Options);
    }
}
