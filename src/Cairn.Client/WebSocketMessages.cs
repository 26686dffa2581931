using System.Net.WebSockets;

namespace Cairn.Client;

/// <summary>Reading whole messages from a client WebSocket, however many frames the peer split them into.</summary>
public static class WebSocketMessages
{
    /// <summary>
    /// Reads the next message into <paramref name="message"/> (cleared first), using <paramref name="buffer"/> for
    /// each frame. False when the peer sent a close instead.
    /// </summary>
    public static async Task<bool> ReceiveAsync(WebSocket socket, byte[] buffer, MemoryStream message, CancellationToken ct = default)
    {
        message.SetLength(0);
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return false;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return true;
    }
}
