using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Cairn.Protocol.Schema;

/// <summary>Which way a record travels: parameters a client sends, or results and events the gateway writes.</summary>
public enum Direction
{
    In,
    Out,
}

/// <summary>
/// JSON Schemas of the protocol records, exported with the wire's own <see cref="ProtocolJson.Options"/> (camelCase,
/// string enums, nullability). Every record and enum of <c>Cairn.Protocol</c> becomes one entry of
/// <c>components.schemas</c>, named after its C# type, and is a <c>$ref</c> everywhere else.
/// <list type="bullet">
/// <item>Parameters (<see cref="Direction.In"/>): a nullable property may be sent as null; required are the
/// constructor parameters without a default, as the strict reader demands.</item>
/// <item>Results and events (<see cref="Direction.Out"/>): the wire leaves nulls out, so a nullable property is
/// optional and never null, and every other property is always there. Unknown properties are allowed, so a
/// client validating replies keeps working when a later gateway adds a field.</item>
/// <item><see cref="Maybe{T}"/> (absent, a value, or null to clear) is its inner type or null, never required.</item>
/// <item>A string property whose values are the constants of a class (<see cref="MessageRoles"/>) lists them as an enum.</item>
/// </list>
/// </summary>
public sealed class SchemaComponents
{
    private const string RefPrefix = "#/components/schemas/";

    /// <summary>
    /// The wire's options, with each <see cref="Maybe{T}"/> property described as an optional, nullable
    /// <c>T</c>: its converter is opaque to the exporter, and its <c>default</c> constructor value cannot be written.
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(ProtocolJson.Options)
    {
        TypeInfoResolver = ProtocolJson.Options.TypeInfoResolver!.WithAddedModifier(DescribeMaybeAsNullable),
    };

    /// <summary>String properties whose values are the constants of a class: described as an enum of those values.</summary>
    private static readonly Dictionary<(Type Record, string Property), Type> ConstantSets = new()
    {
        [(typeof(TranscriptMessage), "role")] = typeof(MessageRoles),
    };

    private readonly SortedDictionary<string, (JsonObject Schema, Direction Direction)> _schemas = new(StringComparer.Ordinal);
    private readonly JsonSchemaExporterOptions _exporter;
    private Direction _direction;

    public SchemaComponents() => _exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };

    private static void DescribeMaybeAsNullable(JsonTypeInfo info)
    {
        for (var i = 0; i < info.Properties.Count; i++)
        {
            var property = info.Properties[i];
            if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Maybe<>))
            {
                var inner = info.CreateJsonPropertyInfo(property.PropertyType.GetGenericArguments()[0], property.Name);
                inner.Get = _ => null;
                inner.Set = (_, _) => { };
                inner.IsGetNullable = true;
                inner.IsSetNullable = true;
                info.Properties[i] = inner;
            }
        }
    }

    /// <summary>The schema of <paramref name="type"/> where it is used: a <c>$ref</c> for a protocol record or enum.</summary>
    public JsonNode Use(Type type, Direction direction)
    {
        _direction = direction;
        return Json.GetJsonSchemaAsNode(type, _exporter);
    }

    /// <summary>The full schema of a record registered by <see cref="Use"/>, by its component name.</summary>
    public JsonObject Get(string name) => _schemas[name].Schema;

    /// <summary><c>components.schemas</c>, sorted by name.</summary>
    public JsonObject ToJson() => new(_schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value.Schema.DeepClone())));

    public static string NameOf(JsonNode reference) =>
        reference["$ref"]?.GetValue<string>() is { } path && path.StartsWith(RefPrefix, StringComparison.Ordinal)
            ? path[RefPrefix.Length..]
            : throw new InvalidOperationException($"Expected a $ref to a component, got {reference.ToJsonString()}.");

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        if (node is not JsonObject schema)
        {
            return node;
        }

        Annotate(schema, context);
        if (_direction == Direction.Out)
        {
            ShapeOutput(schema, context);
        }

        if (!IsComponent(context.TypeInfo))
        {
            return node;
        }

        var canonical = (JsonObject)schema.DeepClone();
        canonical.Remove("default");
        WithoutNull(canonical);
        var name = context.TypeInfo.Type.Name;
        Register(name, canonical);

        var reference = new JsonObject { ["$ref"] = RefPrefix + name };
        if (IsNullable(schema))
        {
            return new JsonObject { ["anyOf"] = new JsonArray(reference, new JsonObject { ["type"] = "null" }) };
        }

        return schema["default"] is { } defaultValue
            ? new JsonObject { ["allOf"] = new JsonArray(reference), ["default"] = defaultValue.DeepClone() }
            : reference;
    }

    /// <summary>No <c>default: null</c> (absent says it); constants sets as enums; enums typed as strings.</summary>
    private static void Annotate(JsonObject schema, JsonSchemaExporterContext context)
    {
        if (schema["default"] is null && schema.ContainsKey("default"))
        {
            schema.Remove("default");
        }

        if (context.PropertyInfo is { } property && ConstantSets.TryGetValue((property.DeclaringType, property.Name), out var constants))
        {
            schema["enum"] = new JsonArray([.. constants.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral).Select(f => (JsonNode?)(string)f.GetRawConstantValue()!)]);
        }

        if (context.TypeInfo.Type.IsEnum && !schema.ContainsKey("type"))
        {
            schema.Insert(0, "type", "string"); // every enum is written by name
        }
    }

    private static void ShapeOutput(JsonObject schema, JsonSchemaExporterContext context)
    {
        schema.Remove("default");
        if (context.PropertyInfo is not null)
        {
            WithoutNull(schema);
        }

        if (context.TypeInfo.Kind == JsonTypeInfoKind.Object)
        {
            schema.Remove("additionalProperties");
            schema.Remove("required");
            var always = context.TypeInfo.Properties.Where(p => !p.IsGetNullable).Select(p => (JsonNode?)p.Name).ToArray();
            if (always.Length > 0)
            {
                schema["required"] = new JsonArray(always);
            }
        }
    }

    private void Register(string name, JsonObject schema)
    {
        if (_schemas.TryGetValue(name, out var known))
        {
            if (!JsonNode.DeepEquals(known.Schema, schema))
            {
                throw new InvalidOperationException(
                    $"The protocol type {name} is used both as {known.Direction} and {_direction} (parameters and results); give each direction its own record.");
            }

            return;
        }

        _schemas.Add(name, (schema, _direction));
    }

    private static bool IsComponent(JsonTypeInfo info) =>
        info.Type.Namespace == typeof(ProtocolJson).Namespace && !info.Type.IsGenericType
        && (info.Type.IsEnum || (info.Type.IsClass && info.Kind == JsonTypeInfoKind.Object));

    private static bool IsNullable(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null");

    private static void WithoutNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types)
        {
            var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToArray();
            schema["type"] = rest.Length == 1 ? rest[0] : new JsonArray([.. rest.Select(t => (JsonNode?)t)]);
        }

        if (schema["enum"] is JsonArray values && values.Any(v => v is null))
        {
            schema["enum"] = new JsonArray([.. values.Where(v => v is not null).Select(v => v!.DeepClone())]);
        }
    }
}
