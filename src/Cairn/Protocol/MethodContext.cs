namespace Cairn.Protocol;

/// <summary>Who is calling: the transport ("http", "ws"), the client's name, and a connection id on WebSocket.</summary>
public sealed record MethodContext(string Transport, string ClientName = "unknown", string? ConnectionId = null);
