using System.Text.Json;

namespace Cairn.Transport;

/// <summary>A request frame read off the socket: <c>{"type":"req","id","method","params"}</c>.</summary>
public sealed record WsRequest(JsonElement Id, string Method, JsonElement? Params)
{
    /// <summary>The frame's id when it is a string or number of sane length, so even a refusal can name it.</summary>
    public static JsonElement? IdOf(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id)
        && id.ValueKind is JsonValueKind.String or JsonValueKind.Number && id.GetRawText().Length <= 130
            ? id.Clone()
            : null;

    public static WsRequest? TryRead(JsonElement root, out string problem)
    {
        problem = "";
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "A frame must be a JSON object.";
            return null;
        }

        if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "req")
        {
            problem = "A frame must have \"type\": \"req\".";
            return null;
        }

        if (IdOf(root) is not { } id)
        {
            problem = "A request needs an 'id' (a string or number of at most 128 characters).";
            return null;
        }

        if (!root.TryGetProperty("method", out var method) || method.ValueKind != JsonValueKind.String)
        {
            problem = "A request needs a string 'method'.";
            return null;
        }

        return new WsRequest(id, method.GetString()!, root.TryGetProperty("params", out var p) ? p.Clone() : null);
    }

    /// <summary>Parses a frame; null (with the reason) when it is not JSON or holds text .NET cannot read.</summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> bytes, out string problem)
    {
        problem = "The frame is not valid JSON.";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, JsonGuard.DocumentOptions);
        }
        catch (JsonException ex)
        {
            problem = JsonGuard.Describe(ex, "The frame");
            return null;
        }
        catch (Exception ex) when (JsonGuard.IsUnreadableKey(ex))
        {
            problem = JsonGuard.Problem;
            return null;
        }

        if (!JsonGuard.HasUnreadableText(document.RootElement))
        {
            return document;
        }

        document.Dispose();
        problem = JsonGuard.Problem;
        return null;
    }
}
