using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cairn.Protocol;

/// <summary>Turns a request's <c>params</c> into a typed record, or into an INVALID_REQUEST that names the field.</summary>
public static partial class ParamsReader
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    public static Outcome<T> Read<T>(JsonElement? raw, Func<T, MethodError?>? validate = null) where T : class
    {
        var element = raw is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } given ? given : EmptyObject;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return MethodError.Invalid("params", "'params' must be a JSON object.");
        }

        T? value;
        try
        {
            value = element.Deserialize<T>(ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            return Describe(ex);
        }

        if (value is null)
        {
            return MethodError.Invalid("params", "'params' must be a JSON object.");
        }

        return validate?.Invoke(value) is { } error ? error : value;
    }

    private static MethodError Describe(JsonException ex)
    {
        var message = ex.Message;
        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups[1].Value;
            return MethodError.Invalid(name, $"Unknown parameter '{name}'.");
        }

        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            var names = string.Join(", ", missing.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries)
                .Select(n => JsonNamingPolicy.CamelCase.ConvertName(n.Trim('\''))));
            return MethodError.Invalid(names, $"Missing required parameter: {names}.");
        }

        if (NullParameter().Match(message) is { Success: true } nulled)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(nulled.Groups[1].Value);
            return MethodError.Invalid(name, $"Parameter '{name}' must not be null.");
        }

        var field = FieldOf(ex.Path);
        return MethodError.Invalid(field, field == "params" ? "'params' is not valid." : $"Parameter '{field}' has the wrong type or format.");
    }

    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "params" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("missing required properties including: (.*)\\.$")]
    private static partial Regex MissingProperties();

    [GeneratedRegex("parameter '([^']*)' on type '[^']*' doesn't allow null")]
    private static partial Regex NullParameter();
}
