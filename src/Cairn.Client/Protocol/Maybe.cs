using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Protocol;

/// <summary>
/// A parameter that may be absent, present, or present as null ("clear it"), which a plain nullable
/// cannot tell apart.
/// </summary>
[JsonConverter(typeof(MaybeConverterFactory))]
public readonly record struct Maybe<T>(bool IsSet, T? Value) : IMaybe
{
    /// <summary>Present with this value (which may be null: "clear it").</summary>
    public static implicit operator Maybe<T>(T? value) => new(true, value);
}

/// <summary>Whether a <see cref="Maybe{T}"/> of any type was given, for the serializer.</summary>
internal interface IMaybe
{
    bool IsSet { get; }
}

internal sealed class MaybeConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Maybe<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(MaybeConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class MaybeConverter<T> : JsonConverter<Maybe<T>>
    {
        public override bool HandleNull => true;

        public override Maybe<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? new(true, default) : new(true, JsonSerializer.Deserialize<T>(ref reader, options));

        public override void Write(Utf8JsonWriter writer, Maybe<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
