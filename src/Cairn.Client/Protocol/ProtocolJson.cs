using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cairn.Protocol;

/// <summary>
/// The one JSON configuration of the wire: camelCase, strict types, unknown parameters refused. Both sides read
/// and write with it, so what one side writes the other reads back: a null is written as an absent field and an
/// absent nullable field reads as null; an unset <see cref="Maybe{T}"/> is not written at all.
/// </summary>
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
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RoundTrip } };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// Nulls are not written (<see cref="JsonIgnoreCondition.WhenWritingNull"/>), so a nullable constructor
    /// parameter may be absent; and an unset <see cref="Maybe{T}"/> stays off the wire, so "not given" is not sent
    /// as "clear it".
    /// </summary>
    private static void RoundTrip(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (property.AssociatedParameter is { IsNullable: true })
            {
                property.IsRequired = false;
            }

            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Maybe<>))
            {
                property.ShouldSerialize = static (_, value) => value is IMaybe { IsSet: true };
            }
        }
    }
}
