using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Cairn.Transport;

/// <summary>
/// Finds text the JSON parser accepts but .NET cannot turn into a string: bytes that are not UTF-8 inside a string
/// or a property name, and a <c>\uD800</c>-style escape of an unpaired UTF-16 surrogate. Reading such a string (even a property name during a lookup) throws, so the
/// transports refuse the whole request with INVALID_REQUEST before anything reads it.
/// </summary>
public static class JsonGuard
{
    /// <summary>
    /// How both transports parse a request: nesting up to 64, and no key twice in one object (with duplicates the
    /// last would win, so <c>{"method":"sessions.list","method":"sessions.delete"}</c> would delete).
    /// </summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    /// <summary>Why <paramref name="what"/> (e.g. "The body") could not be parsed, for the INVALID_REQUEST message.</summary>
    public static string Describe(JsonException ex, string what) =>
        ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase)
            ? $"{what} has a duplicate key: each key may appear only once in an object."
            : $"{what} is not valid JSON.";

    /// <summary>The duplicate-key check reads property names while parsing: one that is not text throws this.</summary>
    public static bool IsUnreadableKey(Exception ex) => ex is InvalidOperationException or ArgumentException;

    public static bool HasUnreadableText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsText(JsonMarshal.GetRawUtf8PropertyName(property), () => property.Name) || HasUnreadableText(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HasUnreadableText(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonValueKind.String:
                return !IsText(JsonMarshal.GetRawUtf8Value(element), element.GetString);
            default:
                return false;
        }
    }

    public const string Problem = "The JSON contains text that is not valid UTF-8, or a \\u escape of an unpaired UTF-16 surrogate.";

    /// <summary>
    /// The parser does not check the UTF-8 of string contents (reading them later throws), so check the raw bytes;
    /// an escaped string may also spell an unpaired surrogate, which only reading it finds.
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> raw, Func<string?> read) =>
        Utf8.IsValid(raw) && (!raw.Contains((byte)'\\') || CanRead(read));

    private static bool CanRead(Func<string?> read)
    {
        try
        {
            read();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
