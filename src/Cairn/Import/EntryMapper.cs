using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Store;

namespace Cairn.Import;

/// <summary>An entry of an older store mapped to a session to import, or why it could not be.</summary>
public sealed record MappedEntry(ImportedSession? Session, string? Problem);

/// <summary>
/// Maps one <c>key → entry</c> of a legacy <c>sessions-store.json</c> or an OpenClaw <c>sessions.json</c>
/// (the same shape: the first descends from the second). Required: <c>sessionId</c> (string) and
/// <c>updatedAt</c>. Missing optional fields get Cairn's defaults. Nothing is dropped: fields Cairn does not
/// model, known fields of the wrong type, and the full text of a label or description that had to be
/// shortened all go into <see cref="ImportedSession.Extra"/>.
/// </summary>
public static class EntryMapper
{
    private static readonly HashSet<string> Known =
    [
        "sessionId", "updatedAt", "createdAt", "label", "displayName", "description", "persistent", "userCreated", "inputTokens", "outputTokens",
    ];

    public static MappedEntry Map(string key, JsonElement entry)
    {
        if (key.Trim().Length == 0)
        {
            return new(null, "an entry has an empty key");
        }

        if (entry.ValueKind != JsonValueKind.Object)
        {
            return new(null, $"entry '{key}' is {entry.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        var extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in entry.EnumerateObject())
        {
            if (!Known.Contains(property.Name))
            {
                extra[property.Name] = property.Value;
            }
        }

        var sessionId = Text(entry, "sessionId", extra);
        if (sessionId is not { Length: > 0 })
        {
            return new(null, $"entry '{key}' has no sessionId");
        }

        if (Timestamp(entry, "updatedAt", extra) is not { } updatedAt)
        {
            return new(null, $"entry '{key}' has no valid updatedAt");
        }

        return new(Build(key, entry, sessionId, updatedAt, extra), null);
    }

    private static ImportedSession Build(string key, JsonElement entry, string sessionId, long updatedAt, Dictionary<string, JsonElement> extra)
    {
        var explicitLabel = Text(entry, "label", extra);
        var given = explicitLabel ?? Text(entry, "displayName", extra);
        var (label, shortened) = ImportNaming.Clean(given ?? "");
        if (shortened)
        {
            extra["fullLabel"] = JsonSerializer.SerializeToElement(given);
        }

        var labelGiven = label.Length > 0;
        var description = Text(entry, "description", extra);
        if (description is { Length: > SessionNames.MaxDescriptionLength })
        {
            extra["fullDescription"] = JsonSerializer.SerializeToElement(description);
            description = description[..SessionNames.MaxDescriptionLength];
        }

        var userCreated = Bool(entry, "userCreated", extra) ?? false;
        var kind = ImportNaming.IsMainKey(key) ? SessionKind.Main
            : explicitLabel is { Length: > 0 } || userCreated ? SessionKind.Named
            : SessionKind.Peer;
        return new ImportedSession(
            SourceKey: key,
            PreferredKey: ImportNaming.PreferredKey(key),
            SessionId: sessionId,
            Label: labelGiven ? label : ImportNaming.DeriveLabel(key),
            LabelGiven: labelGiven,
            Description: string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            Persistent: Bool(entry, "persistent", extra) ?? false,
            UserCreated: userCreated,
            Kind: kind,
            CreatedAt: Timestamp(entry, "createdAt", extra) ?? updatedAt,
            UpdatedAt: updatedAt,
            InputTokens: Count(entry, "inputTokens", extra) ?? 0,
            OutputTokens: Count(entry, "outputTokens", extra) ?? 0,
            Extra: extra.Count == 0 ? null : Serialize(extra));
    }

    /// <summary>Milliseconds since the epoch from a number (seconds if it is too small to be ms) or an ISO 8601 string.</summary>
    public static long? ToTimestamp(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && number is > 0 and < 1e15)
        {
            return number < 1e11 ? (long)(number * 1000) : (long)number;
        }

        return value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUnixTimeMilliseconds() : null;
    }

    private static string? Text(JsonElement entry, string name, Dictionary<string, JsonElement> extra) =>
        Field(entry, name, extra, v => v.ValueKind == JsonValueKind.String ? v.GetString() : null);

    private static bool? Bool(JsonElement entry, string name, Dictionary<string, JsonElement> extra) =>
        Field(entry, name, extra, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : (bool?)null);

    private static long? Timestamp(JsonElement entry, string name, Dictionary<string, JsonElement> extra) =>
        Field(entry, name, extra, ToTimestamp);

    private static long? Count(JsonElement entry, string name, Dictionary<string, JsonElement> extra) =>
        Field(entry, name, extra, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : (long?)null);

    /// <summary>Reads a known field; a value of the wrong type is kept in extra rather than lost. JSON null means absent.</summary>
    private static T? Field<T>(JsonElement entry, string name, Dictionary<string, JsonElement> extra, Func<JsonElement, T?> read)
    {
        if (!entry.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return default;
        }

        var result = read(value);
        if (result is null)
        {
            extra[name] = value;
        }

        return result;
    }

    private static string Serialize(Dictionary<string, JsonElement> extra)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in extra)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
