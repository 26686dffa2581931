namespace Cairn.Protocol;

/// <summary>
/// Who asked, as a service sees it: the surface a domain counter is tagged with (<c>api</c> over HTTP, the
/// client's name on a WebSocket, e.g. <c>cairn-ui</c>) and the WebSocket connection, if any. A surface with a
/// connection and no peer has a URL: it follows a switch by navigating.
/// </summary>
public sealed record Caller(string Surface, string? ConnectionId = null)
{
    /// <summary>The gateway itself, e.g. the reset policy's sweep.</summary>
    public static Caller Gateway { get; } = new("gateway");

    public static Caller Of(MethodContext context) =>
        new(context.Transport == "http" ? "api" : context.ClientName, context.ConnectionId);
}
