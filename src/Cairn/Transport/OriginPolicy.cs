using System.Net;

namespace Cairn.Transport;

/// <summary>
/// Which browser origins may open a WebSocket (same origin, or one listed in <c>gateway.allowedOrigins</c>),
/// and which Host headers the gateway answers (the DNS-rebinding defence: a page on evil.example whose name
/// is re-pointed at this machine still sends <c>Host: evil.example</c>).
/// </summary>
public static class OriginPolicy
{
    public static bool Allows(string origin, HttpRequest request, IReadOnlyList<string> allowed)
    {
        if (allowed.Any(a => a == "*" || SameOrigin(a, origin)))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && string.Equals($"{uri.Host}:{uri.Port}", HostWithPort(request), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// On loopback: only names of this machine's loopback. Bound wider: an IP literal, localhost, or the host
    /// of an allowed origin (any host when the list holds <c>*</c>).
    /// </summary>
    public static bool HostAllowed(HttpRequest request, bool loopbackOnly, IReadOnlyList<string> allowedOrigins)
    {
        var host = request.Host.Host;
        if (host.Length == 0)
        {
            return false;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var isAddress = IPAddress.TryParse(host.Trim('[', ']'), out var address);
        if (loopbackOnly)
        {
            return isAddress && IPAddress.IsLoopback(address!);
        }

        return isAddress || allowedOrigins.Any(a => a == "*"
            || (Uri.TryCreate(a, UriKind.Absolute, out var uri) && string.Equals(uri.Host, host, StringComparison.OrdinalIgnoreCase)));
    }

    public static bool IsLoopback(string bind) =>
        bind.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(bind.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Origins compare by scheme, host and port; a trailing slash or letter case does not matter.</summary>
    public static bool SameOrigin(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string HostWithPort(HttpRequest request) =>
        request.Host.Port is { } port ? $"{request.Host.Host}:{port}" : $"{request.Host.Host}:{(request.IsHttps ? 443 : 80)}";
}
