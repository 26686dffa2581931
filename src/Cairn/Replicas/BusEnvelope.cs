using System.Buffers;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Replicas;

/// <summary>
/// What the replicas tell each other on the <see cref="ReplicaBus.Channel"/> NOTIFY channel, as small JSON:
/// <c>{"o": origin, "t": "e", "n": event name, "p": payload}</c> for an event (or <c>{"o", "t": "e", "ref": id}</c>
/// when it is too large for a NOTIFY and waits in <c>cairn_event_payloads</c>), <c>{"o", "t": "a", "k": session key,
/// "r": run id}</c> for an abort.
/// </summary>
internal static class BusEnvelope
{
    /// <summary>PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; this leaves room for the channel name.</summary>
    public const int MaxNotifyBytes = 7_900;

    public static string Event(string origin, GatewayEvent evt) => Write(w =>
    {
        w.WriteString("o", origin);
        w.WriteString("t", "e");
        w.WriteString("n", evt.Name);
        w.WritePropertyName("p");
        w.WriteRawValue(evt.PayloadJson, skipInputValidation: true);
    });

    public static string Reference(string origin, long id) => Write(w =>
    {
        w.WriteString("o", origin);
        w.WriteString("t", "e");
        w.WriteNumber("ref", id);
    });

    public static string Abort(string origin, string sessionKey, string? runId) => Write(w =>
    {
        w.WriteString("o", origin);
        w.WriteString("t", "a");
        w.WriteString("k", sessionKey);
        w.WriteString("r", runId);
    });

    public static int ByteCount(string envelope) => System.Text.Encoding.UTF8.GetByteCount(envelope);

    /// <summary>A received event back as the hub delivers it; null for an event this version does not know.</summary>
    public static GatewayEvent? ReadEvent(JsonElement root)
    {
        var name = root.GetProperty("n").GetString();
        var payload = root.GetProperty("p");
        object? typed = name switch
        {
            EventNames.SessionsChanged => payload.Deserialize<SessionsChangedEvent>(ProtocolJson.Options),
            EventNames.Chat => payload.Deserialize<ChatEvent>(ProtocolJson.Options),
            _ => null,
        };
        return typed is null ? null : new GatewayEvent(name!, typed);
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
