using System.Net;

namespace Cairn.Client;

/// <summary>
/// What the gateway answered one request: the typed result, or the error. <see cref="Status"/> is the HTTP status
/// over <c>POST /api</c> (null over the WebSocket); <see cref="Id"/> is the request id a WebSocket reply named.
/// </summary>
public sealed record RpcReply<T>(T? Value, ProtocolError? Error)
{
    public string Method { get; init; } = "";

    public HttpStatusCode? Status { get; init; }

    /// <summary>The id the reply names, as text (a number as its digits); null when the gateway could not read one.</summary>
    public string? Id { get; init; }

    public bool Ok => Error is null;

    /// <summary>The result; throws <see cref="CairnCallException"/> when the gateway answered with an error.</summary>
    public T Result => Error is null ? Value! : throw new CairnCallException(Method, Error);

    /// <summary>The same reply with its result mapped (an error stays the error).</summary>
    public RpcReply<TOther> Select<TOther>(Func<T, TOther> map) =>
        new(Error is null ? map(Value!) : default, Error) { Method = Method, Status = Status, Id = Id };

    public override string ToString() =>
        $"{Method}{(Status is { } status ? $" HTTP {(int)status}" : "")}: {(Error is null ? $"ok {Value}" : Error.ToString())}";
}

public static class RpcReplyExtensions
{
    /// <summary>A reply read as JSON (to a raw request, say) with its result read as <typeparamref name="T"/>.</summary>
    public static RpcReply<T> As<T>(this RpcReply<System.Text.Json.JsonElement> reply) =>
        reply.Select(json => System.Text.Json.JsonSerializer.Deserialize<T>(json, Protocol.ProtocolJson.Options)!);
}
