using System.Text.Json;

namespace Cairn.Client;

/// <summary>A request on <c>/ws</c>: <c>{"type":"req","id","method","params"}</c>.</summary>
internal sealed record RequestFrame(string Type, string Id, string Method, object? Params);

/// <summary>
/// Any frame the gateway sends on <c>/ws</c>: a reply (<c>res</c>: id, ok, payload or error) or an event (<c>event</c>:
/// name, payload, seq).
/// </summary>
internal sealed record InboundFrame(
    string Type,
    JsonElement? Id = null,
    bool? Ok = null,
    JsonElement? Payload = null,
    ProtocolError? Error = null,
    string? Event = null,
    long? Seq = null)
{
    public const string Response = "res";
    public const string EventType = "event";

    /// <summary>The id as text (a number as its digits); null when absent or null.</summary>
    public string? IdText => Id is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } id
        ? id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText()
        : null;
}

/// <summary>The body of <c>POST /api</c>.</summary>
internal sealed record ApiRequest(string Method, object? Params);

/// <summary>The reply of <c>POST /api</c>: <c>{"ok": true, "result"}</c> or <c>{"ok": false, "error"}</c>.</summary>
internal sealed record ApiEnvelope(bool Ok, JsonElement? Result = null, ProtocolError? Error = null);

internal static class Replies
{
    /// <summary>The typed reply of a payload or error, as both transports carry them.</summary>
    public static RpcReply<T> From<T>(string method, bool ok, JsonElement? payload, ProtocolError? error)
    {
        if (!ok)
        {
            return new RpcReply<T>(default, error ?? new ProtocolError(Protocol.ErrorCode.Internal, "The reply has neither a result nor an error.")) { Method = method };
        }

        var value = payload is { } element ? element.Deserialize<T>(Protocol.ProtocolJson.Options) : default;
        return new RpcReply<T>(value, null) { Method = method };
    }
}
