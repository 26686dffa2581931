using System.Net;
using System.Net.Sockets;

namespace Cairn.Transport;

/// <summary>Which client a remote address counts as, for the per-address limits (wrong tokens, HTTP request rate).</summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4 clients on a dual-stack socket appear as ::ffff:a.b.c.d: they count as the IPv4 address. One IPv6 host
    /// usually owns a whole /64, so its addresses count together.
    /// </summary>
    public static string Key(IPAddress? remote)
    {
        if (remote is null)
        {
            return "unknown";
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            return remote.MapToIPv4().ToString();
        }

        if (remote.AddressFamily == AddressFamily.InterNetworkV6 && !IPAddress.IsLoopback(remote))
        {
            var bytes = remote.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return remote.ToString();
    }
}
