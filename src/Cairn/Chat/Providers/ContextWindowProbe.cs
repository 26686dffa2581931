using System.Text.Json;

namespace Cairn.Chat.Providers;

/// <summary>
/// Asks an OpenAI-compatible server how large its context window is, for when <c>model.contextWindow</c> is not
/// set: llama.cpp's <c>GET /props</c> (<c>default_generation_settings.n_ctx</c>, the size it was started with),
/// else the model's entry in <c>GET {baseUrl}/models</c> (<c>max_model_len</c> of vLLM, <c>context_length</c> or
/// <c>max_context_length</c>, llama.cpp's <c>meta.n_ctx_train</c>). Null when the server says nothing or cannot be
/// reached within the timeout; call it once at start-up (or on the first send) and cache the answer.
/// </summary>
public static class ContextWindowProbe
{
    public static async Task<int?> ReadAsync(HttpClient http, Uri baseUrl, string? model, TimeSpan timeout, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var root = RootOf(baseUrl);
        if (await GetJsonAsync(http, new Uri(root, "props"), timeout, time, cancellationToken) is { } props && FromProps(props) is { } n)
        {
            return n;
        }

        return await GetJsonAsync(http, new Uri(WithSlash(baseUrl), "models"), timeout, time, cancellationToken) is { } models
            ? FromModels(models, model)
            : null;
    }

    /// <summary>llama.cpp's <c>/props</c>: <c>default_generation_settings.n_ctx</c>, or a top-level <c>n_ctx</c>.</summary>
    public static int? FromProps(JsonElement props) =>
        props.ValueKind != JsonValueKind.Object ? null
        : props.TryGetProperty("default_generation_settings", out var settings) && Positive(settings, "n_ctx") is { } n ? n
        : Positive(props, "n_ctx");

    /// <summary>The named model's entry (or the only one) of a <c>/models</c> list, and the first size field it carries.</summary>
    public static int? FromModels(JsonElement models, string? model)
    {
        if (models.ValueKind != JsonValueKind.Object || !models.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var entries = data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var entry = entries.FirstOrDefault(e => e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == model);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            if (entries.Count != 1)
            {
                return null;
            }

            entry = entries[0];
        }

        var meta = entry.TryGetProperty("meta", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        return Positive(entry, "max_model_len") ?? Positive(entry, "context_length") ?? Positive(entry, "max_context_length")
            ?? (meta.ValueKind == JsonValueKind.Object ? Positive(meta, "n_ctx") ?? Positive(meta, "n_ctx_train") : null);
    }

    /// <summary>The server root of an OpenAI base URL: <c>http://host:8080/v1</c> → <c>http://host:8080/</c>.</summary>
    public static Uri RootOf(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^3];
        }

        return new UriBuilder(baseUrl) { Path = path + "/", Query = "" }.Uri;
    }

    internal static Uri WithSlash(Uri baseUrl) => baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");

    private static async Task<JsonElement?> GetJsonAsync(HttpClient http, Uri url, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var response = await http.GetAsync(url, linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(linked.Token), default, linked.Token);
            return document.RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No answer is an answer: the caller falls back to the configured or default window.
            return null;
        }
    }

    private static int? Positive(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;
}
