using System.Net;
using System.Net.Sockets;

namespace Cairn.Hosting;

/// <summary>
/// Whether the gateway could listen on an address, found by binding it the way Kestrel will (address reuse on),
/// before anything in the data dir is touched: a start that cannot listen must not have migrated the store.
/// </summary>
public static class PortCheck
{
    /// <summary>Why binding would fail (in use, not this machine's address, needs privileges), or null when it would not.</summary>
    public static SocketError? Problem(string host, int port)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            return null;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return null;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AddressNotAvailable or SocketError.AccessDenied)
        {
            return ex.SocketErrorCode;
        }
    }

    /// <summary>The start-up line for a <see cref="Problem"/>: the cause, then the fix.</summary>
    public static string Describe(SocketError problem, string host, int port) => problem switch
    {
        SocketError.AddressAlreadyInUse => $"Cannot listen on {host}:{port}: the port is already in use (another gateway, or another program). "
            + "Stop it, or choose another port with --port or gateway.port.",
        SocketError.AddressNotAvailable => $"Cannot listen on {host}:{port}: {host} is not an address of this machine. "
            + "Choose one of its addresses with --bind or gateway.bind (127.0.0.1 for this machine only).",
        _ => $"Cannot listen on {host}:{port}: permission denied (ports below 1024 need privileges). "
            + "Choose a port from 1024 up with --port or gateway.port, or put a reverse proxy in front.",
    };
}
