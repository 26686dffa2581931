using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cairn.Protocol.Schema;

/// <summary>
/// The machine-readable description of the protocol, an OpenRPC 1.3 document generated from the method table,
/// the event catalog (<see cref="EventNames"/>) and <see cref="ErrorCode"/>. Served at <c>GET /api/schema</c> and
/// committed as <c>docs/api/schema.json</c>; <c>ApiSchemaTests</c> fails when the two differ.
/// <list type="bullet">
/// <item><c>methods</c>: <c>connect</c> (the WebSocket handshake) and every method of the table, in table order;
/// params by name, plus <c>x-params</c>, a <c>$ref</c> to the whole params record.</item>
/// <item><c>components.schemas</c>: every record and enum the methods, events and errors use (see
/// <see cref="SchemaComponents"/>).</item>
/// <item><c>x-events</c>: each server event's name, summary and payload; <c>x-errorCodes</c>: each error code's
/// wire name, HTTP status and meaning; <c>x-errorShape</c>: the error object of a failed reply. OpenRPC's own
/// <c>components.errors</c> is not used: its codes are JSON-RPC integers, Cairn's are strings.</item>
/// </list>
/// </summary>
public static class ApiSchema
{
    public const string Path = "/api/schema";

    private const string ConnectSummary = "The WebSocket handshake, the first request on /ws: the token and who connects; the reply is the hello.";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The document as served and committed: indented, <c>\n</c> line ends, a final newline.</summary>
    public static string Generate(MethodTable table) => Build(table).ToJsonString(Output) + "\n";

    public static JsonObject Build(MethodTable table)
    {
        var components = new SchemaComponents();
        var methods = new JsonArray(Method(components, "connect", ConnectSummary, typeof(ConnectParams), typeof(Hello), websocketOnly: true));
        foreach (var method in table.Methods)
        {
            methods.Add(Method(components, method.Name, method.Summary, method.ParamsType, method.ResultType, method.WebSocketOnly));
        }

        var events = new JsonArray([.. EventNames.All.Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["summary"] = EventSummary(name),
            ["payload"] = components.Use(EventNames.PayloadTypes[name], Direction.Out),
        })]);
        var errorShape = components.Use(typeof(MethodError), Direction.Out);

        return new JsonObject
        {
            ["openrpc"] = "1.3.2",
            ["info"] = new JsonObject
            {
                ["title"] = "Cairn gateway",
                ["version"] = Hello.ProtocolVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["description"] = "One method table on two transports. HTTP: POST /api with {\"method\", \"params\"} and "
                    + "'Authorization: Bearer <token>'; the reply is {\"ok\": true, \"result\"} or {\"ok\": false, \"error\"} with the "
                    + "error code's HTTP status. WebSocket /ws: {\"type\": \"req\", \"id\", \"method\", \"params\"} is answered by "
                    + "{\"type\": \"res\", \"id\", \"ok\", \"payload\" | \"error\"}; events arrive as {\"type\": \"event\", \"event\", "
                    + "\"payload\", \"seq\"}. Documented in docs/api/sessions.md.",
            },
            ["servers"] = new JsonArray(Server("http"), Server("websocket")),
            ["methods"] = methods,
            ["components"] = new JsonObject { ["schemas"] = components.ToJson() },
            ["x-events"] = events,
            ["x-errorShape"] = errorShape,
            ["x-errorCodes"] = new JsonArray([.. Enum.GetValues<ErrorCode>().Select(code => (JsonNode)new JsonObject
            {
                ["code"] = code.WireName(),
                ["httpStatus"] = code.HttpStatus(),
                ["summary"] = ErrorSummary(code),
            })]),
        };
    }

    private static JsonObject Method(SchemaComponents components, string name, string summary, Type paramsType, Type resultType, bool websocketOnly)
    {
        var paramsRef = components.Use(paramsType, Direction.In);
        var paramsSchema = components.Get(SchemaComponents.NameOf(paramsRef));
        var required = paramsSchema["required"] is JsonArray names ? names.Select(n => n!.GetValue<string>()).ToHashSet() : [];
        var parameters = paramsSchema["properties"] is JsonObject properties
            ? properties.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Key,
                ["required"] = required.Contains(p.Key),
                ["schema"] = p.Value!.DeepClone(),
            })
            : [];

        var result = components.Use(resultType, Direction.Out);
        var method = new JsonObject
        {
            ["name"] = name,
            ["summary"] = summary,
            ["paramStructure"] = "by-name",
            ["params"] = new JsonArray([.. parameters]),
            ["result"] = new JsonObject { ["name"] = SchemaComponents.NameOf(result), ["schema"] = result },
            ["x-params"] = paramsRef,
        };
        if (websocketOnly)
        {
            method["servers"] = new JsonArray(Server("websocket"));
        }

        return method;
    }

    private static JsonObject Server(string name) => name == "http"
        ? new JsonObject { ["name"] = "http", ["url"] = "/api", ["summary"] = "POST /api: one JSON request, one JSON reply; every method except connect." }
        : new JsonObject { ["name"] = "websocket", ["url"] = "/ws", ["summary"] = "WebSocket /ws: connect first, then requests, replies and server events." };

    private static string EventSummary(string name) => name switch
    {
        EventNames.SessionsChanged => "A session was created, changed, reset or deleted, by anyone; entry is absent after a delete.",
        EventNames.Chat => "A reply's progress: a delta with the new text, or the end of a run (final text, aborted, or an error message).",
        _ => throw new InvalidOperationException($"The event '{name}' has no summary in {nameof(ApiSchema)}.{nameof(EventSummary)}; add one."),
    };

    // Exhaustive over the named codes (CS8509 fails the build when a code is added); the text is the enum's doc comment.
#pragma warning disable CS8524 // only unnamed values, which never reach the wire, are unhandled
    private static string ErrorSummary(ErrorCode code) => code switch
    {
        ErrorCode.InvalidRequest => "Malformed frame, unknown or wrongly typed parameter, value out of range.",
        ErrorCode.Unauthorized => "No token, or a wrong one.",
        ErrorCode.Forbidden => "Authenticated but not allowed (e.g. a cross-site WebSocket origin).",
        ErrorCode.NotFound => "No such session, method or message.",
        ErrorCode.Conflict => "Label or key taken, expectedRev mismatch, ambiguous name, a run already active.",
        ErrorCode.SessionPersistent => "The session is persistent, so it cannot be reset.",
        ErrorCode.SessionProtected => "The session is main, which cannot be deleted.",
        ErrorCode.FeatureDisabled => "Named sessions are switched off by session.namedSessionsEnabled: false.",
        ErrorCode.PayloadTooLarge => "A body or frame larger than the limit.",
        ErrorCode.RateLimited => "Too many requests, failed logins or unanswered requests.",
        ErrorCode.Unavailable => "The gateway cannot serve now (shutting down, provider unreachable).",
        ErrorCode.Internal => "A bug on our side; the log has the details.",
    };
#pragma warning restore CS8524
}
