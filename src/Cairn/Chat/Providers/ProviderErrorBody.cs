using System.Text.Json;

namespace Cairn.Chat.Providers;

/// <summary>
/// The useful fields of a provider's error body, whatever its dialect: OpenAI and llama.cpp
/// (<c>{"error": {"message", "type", "code"}}</c>), vLLM (<c>{"object": "error", "message", "type", "code"}</c>),
/// Ollama (<c>{"error": "…"}</c>), FastAPI (<c>{"detail": "…"}</c>) or plain text.
/// </summary>
public sealed record ProviderErrorBody(string? Message, string? Type, string? Code, int? NumericCode)
{
    public static ProviderErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new ProviderErrorBody(null, null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return FromJson(document.RootElement) ?? new ProviderErrorBody(body, null, null, null);
        }
        catch (JsonException)
        {
            return new ProviderErrorBody(body, null, null, null);
        }
    }

    /// <summary>The error object of a JSON value, or null when it carries none.</summary>
    public static ProviderErrorBody? FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            return error.ValueKind == JsonValueKind.Object
                ? new ProviderErrorBody(Text(error, "message"), Text(error, "type"), Text(error, "code"), Number(error, "code"))
                : new ProviderErrorBody(error.ValueKind == JsonValueKind.String ? error.GetString() : error.GetRawText(), null, null, null);
        }

        if (Text(root, "message") is { } message)
        {
            return new ProviderErrorBody(message, Text(root, "type"), Text(root, "code"), Number(root, "code"));
        }

        return Text(root, "detail") is { } detail ? new ProviderErrorBody(detail, null, null, null) : null;
    }

    /// <summary>Everything a classifier may match on, lower-cased.</summary>
    public string Haystack => $"{Type} {Code} {Message}".ToLowerInvariant();

    private static string? Text(JsonElement element, string name) => element.TryGetProperty(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        }
        : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
