using System.Globalization;
using System.Text.Json;

namespace Cairn.Import;

/// <summary>
/// The entries of a JSON object (<c>key → entry</c>) read one at a time, so that a file cut short or
/// damaged in the middle still yields every entry before the damage. <see cref="Damage"/> says what was
/// wrong and where; null when the whole file was sound.
/// </summary>
public sealed record JsonEntries(IReadOnlyList<KeyValuePair<string, JsonElement>> Entries, string? Damage)
{
    public static JsonEntries Read(ReadOnlySpan<byte> utf8)
    {
        var entries = new List<KeyValuePair<string, JsonElement>>();
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new(entries, "the file is empty");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return new(entries, $"expected a JSON object of session key → entry, but it starts with {Describe(reader.TokenType)}");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                using var value = JsonDocument.ParseValue(ref reader);
                entries.Add(new(key, value.RootElement.Clone()));
            }

            return new(entries, reader.TokenType == JsonTokenType.EndObject ? null : "the object is not closed");
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            return new(entries, string.Create(CultureInfo.InvariantCulture,
                $"the JSON is damaged at line {line}, column {column} ({FirstSentence(ex.Message)}); {entries.Count} entries before that point were readable"));
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
