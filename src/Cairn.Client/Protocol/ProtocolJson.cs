using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Protocol;

/// <summary>The one JSON configuration of the wire: camelCase, strict types, unknown parameters refused.</summary>
public static class ProtocolJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>An enum value as it is on the wire: <c>RunState.Final</c> is <c>"final"</c>.</summary>
    public static string WireName<T>(this T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            PropertyNameCaseInsensitive = false,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            MaxDepth = 32,
            // The wire is JSON with Content-Type application/json, never HTML, so quotes and non-ASCII stay readable.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
