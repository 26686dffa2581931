using System.Runtime.InteropServices;
using System.Text.Json;

namespace Cairn.Transport;

/// <summary>
/// Finds text the JSON parser accepts but .NET cannot turn into a string: a <c>\uD800</c>-style escape of an
/// unpaired UTF-16 surrogate. Reading such a string (even a property name during a lookup) throws, so the
/// transports refuse the whole request with INVALID_REQUEST before anything reads it.
/// </summary>
public static class JsonGuard
{
    public static bool HasUnreadableText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if ((IsEscaped(JsonMarshal.GetRawUtf8PropertyName(property)) && !CanRead(() => property.Name)) || HasUnreadableText(property.Value))
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
                return IsEscaped(JsonMarshal.GetRawUtf8Value(element)) && !CanRead(element.GetString);
            default:
                return false;
        }
    }

    public const string Problem = "The JSON contains a \\u escape of an unpaired UTF-16 surrogate, which is not text.";

    // Only escaped strings can hold a surrogate escape; the rest are valid UTF-8, checked by the parser.
    private static bool IsEscaped(ReadOnlySpan<byte> raw) => raw.Contains((byte)'\\');

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
