using System.Net;
using System.Net.Sockets;

namespace Cairn.Hosting;

/// <summary>Whether a TCP port is already taken, found by binding it the way Kestrel will (address reuse on).</summary>
public static class PortCheck
{
    public static bool InUse(string host, int port)
    {
        if (port == 0 || !IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return true;
        }
    }
}
