using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Client;

/// <summary>
/// An error as the gateway sends it, on both transports: <c>{code, message, details?}</c>. The details differ by
/// error (the field at fault, the session's key, the current revision …), so they stay JSON and are read by name.
/// </summary>
public sealed record ProtocolError(ErrorCode Code, string Message, JsonElement? Details = null)
{
    /// <summary>One detail read as <typeparamref name="T"/>, e.g. <c>Detail&lt;string&gt;("field")</c>; default when absent.</summary>
    public T? Detail<T>(string name) =>
        Details is { ValueKind: JsonValueKind.Object } details && details.TryGetProperty(name, out var value)
            ? value.Deserialize<T>(ProtocolJson.Options)
            : default;

    public override string ToString() => $"{Code.WireName()}: {Message}{(Details is { } d ? " " + d.GetRawText() : "")}";
}
