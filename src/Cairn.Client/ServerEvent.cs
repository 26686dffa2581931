using System.Text.Json;

namespace Cairn.Client;

/// <summary>
/// One server event: its name, its sequence number, and its payload as the record the event catalog names
/// (<see cref="Protocol.SessionsChangedEvent"/>, <see cref="Protocol.ChatEvent"/>); an event this client does not
/// know keeps its JSON as the payload. <see cref="Json"/> is the payload as received.
/// </summary>
public sealed record ServerEvent(string Name, long Seq, object Payload, JsonElement Json);
