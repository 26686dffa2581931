using System.Diagnostics;
using System.Text.Json;
using Cairn.Chat.Models;
using Cairn.Config;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Cairn.Transport;
using Microsoft.Net.Http.Headers;

namespace Cairn.OpenAi;

/// <summary>
/// The OpenAI-compatible endpoint (opt-in, <c>gateway.openai.enabled</c>): <c>POST /v1/chat/completions</c> and
/// <c>GET /v1/models</c>, with the gateway token as the API key. Every answer, errors included, is in OpenAI's
/// format, so the official SDKs and the tools built on them work unchanged. See docs/api/openai.md.
/// </summary>
public static class OpenAiEndpoints
{
    public const string Prefix = "/v1";

    public static readonly AuthSurface Surface = new(Prefix,
        "Missing or wrong API key: use the gateway's token (gateway.token in its data dir) as the API key.");

    public static IServiceCollection AddOpenAi(this IServiceCollection services) => services.AddSingleton<ChatCompletions>();

    public static WebApplication MapOpenAiEndpoints(this WebApplication app)
    {
        var enabled = app.Services.GetRequiredService<CairnConfig>().Gateway.OpenAi.Enabled;
        var v1 = app.MapGroup(Prefix);
        if (!enabled)
        {
            v1.Map("{**path}", () => new OpenAiError(StatusCodes.Status404NotFound,
                "The OpenAI-compatible endpoint is off. Turn it on with gateway.openai.enabled: true in config.yaml (or CAIRN_GATEWAY__OPENAI__ENABLED=true).",
                "invalid_request_error", "not_found").ToResult());
            return app;
        }

        v1.AddEndpointFilter(async (context, next) => await AuthenticateAsync(context.HttpContext) ?? await next(context));
        v1.MapPost("/chat/completions", CompleteAsync);
        v1.MapGet("/models", (SessionService sessions, ModelCatalog catalog, TimeProvider time) =>
            Results.Json(Models.List(sessions, catalog, time), OpenAiJson.Options));
        v1.MapGet("/models/{**id}", (string id, SessionService sessions) => Models.Find(sessions, id) is { } model
            ? Results.Json(model, OpenAiJson.Options)
            : OpenAiError.NoSuchModel($"No model '{id}' here: GET /v1/models lists them.").ToResult());
        v1.Map("{**path}", (HttpContext http) => new OpenAiError(StatusCodes.Status404NotFound,
            $"Cairn does not serve {http.Request.Method} {http.Request.Path}: only POST /v1/chat/completions and GET /v1/models.",
            "invalid_request_error", "not_found").ToResult());
        return app;
    }

    /// <summary>The one token check of <c>/api</c> and <c>/ws</c>, with the lockout; null when the caller may pass.</summary>
    private static Task<IResult?> AuthenticateAsync(HttpContext http)
    {
        var services = http.RequestServices;
        var presented = GatewayAuth.BearerToken(http.Request.Headers.Authorization);
        var refused = services.GetRequiredService<GatewayAuth>().Authenticate(presented, http.Connection.RemoteIpAddress, Surface,
            services.GetRequiredService<AuthFailureLimiter>(), services.GetRequiredService<ILogger<ChatCompletions>>());
        if (refused is null)
        {
            return Task.FromResult<IResult?>(null);
        }

        if (refused.RetryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult<IResult?>(OpenAiError.From(refused.Error).ToResult());
        }

        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Task.FromResult<IResult?>(new OpenAiError(StatusCodes.Status401Unauthorized, refused.Error.Message, "invalid_request_error",
            OpenAiError.InvalidApiKey).ToResult());
    }

    private static async Task CompleteAsync(HttpContext http, ChatCompletions completions, CairnConfig config, CairnMetrics metrics,
        ILogger<ChatCompletions> logger)
    {
        var started = Stopwatch.GetTimestamp();
        var (body, problem) = await ReadBodyAsync(http, config.Gateway.MaxPayloadBytes);
        var (outcome, key) = problem is null
            ? await HandleAsync(http, completions, body!.RootElement)
            : (await Fail(http, problem), null);
        body?.Dispose();

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.RequestCompleted("v1.chat.completions", "http", outcome, elapsed);
        if (logger.IsEnabled(LogLevel.Information))
        {
            Log.Request(logger, "chat.completions", key ?? "-", http.Response.ContentType?.StartsWith("text/event-stream", StringComparison.Ordinal) == true
                ? "stream" : "whole", outcome, elapsed.TotalMilliseconds);
        }
    }

    /// <summary>
    /// The completion; a store that cannot write (disk full, database down) is 503 with its reason and a value the store
    /// cannot keep (PostgreSQL refuses U+0000 in text) is 400, as on <c>/api</c>, never a 500 — unless the reply's
    /// stream has already begun, where the stream itself reports the failure.
    /// </summary>
    private static async Task<(string Outcome, string? SessionKey)> HandleAsync(HttpContext http, ChatCompletions completions, JsonElement body)
    {
        try
        {
            return await completions.HandleAsync(http, body);
        }
        catch (StoreUnavailableException ex) when (!http.Response.HasStarted)
        {
            return (await Fail(http, OpenAiError.From(new MethodError(ErrorCode.Unavailable, ex.Message,
                new Dictionary<string, object?> { ["reason"] = ex.Reason }))), null);
        }
        catch (StoreInputException ex) when (!http.Response.HasStarted)
        {
            return (await Fail(http, OpenAiError.Invalid(ex.Message, "messages")), null);
        }
    }

    /// <summary>The JSON body, within the size limit; a form post from a web page (no JSON content type) is refused, as on /api.</summary>
    private static async Task<(JsonDocument? Body, OpenAiError? Problem)> ReadBodyAsync(HttpContext http, int maxBytes)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) || !type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, OpenAiError.Invalid("Content-Type must be application/json."));
        }

        var tooLarge = new OpenAiError(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.",
            "invalid_request_error", "payload_too_large");
        if (http.Request.ContentLength > maxBytes)
        {
            return (null, tooLarge);
        }

        try
        {
            return (await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = 64 }, http.RequestAborted), null);
        }
        catch (JsonException)
        {
            return (null, OpenAiError.Invalid("The body is not valid JSON."));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, tooLarge);
        }
    }

    private static async Task<string> Fail(HttpContext http, OpenAiError error)
    {
        await error.ToResult().ExecuteAsync(http);
        return error.Code.ToUpperInvariant();
    }
}
