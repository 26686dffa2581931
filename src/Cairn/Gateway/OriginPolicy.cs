namespace Cairn.Gateway;

/// <summary>
/// Which browser origins may open a WebSocket (same origin, or one listed in <c>gateway.allowedOrigins</c>),
/// and which Host headers the gateway answers (DNS-rebinding defence when bound to loopback).
/// </summary>
public static class OriginPolicy
{
    public static bool Allows(string origin, HttpRequest request, IReadOnlyList<string> allowed)
    {
        if (allowed.Any(a => a == "*" || string.Equals(a.TrimEnd('/'), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals($"{uri.Host}:{uri.Port}", HostWithPort(request), StringComparison.OrdinalIgnoreCase)
            && uri.Scheme is "http" or "https";
    }

    /// <summary>True when the Host header names this machine's loopback, or the gateway is bound beyond loopback.</summary>
    public static bool HostAllowed(HttpRequest request, bool loopbackOnly)
    {
        if (!loopbackOnly)
        {
            return true;
        }

        var host = request.Host.Host;
        return host is "localhost" or "127.0.0.1" or "::1" or "[::1]" || host.StartsWith("127.", StringComparison.Ordinal);
    }

    public static bool IsLoopback(string bind) =>
        bind is "localhost" or "::1" or "[::1]" || bind.StartsWith("127.", StringComparison.Ordinal);

    private static string HostWithPort(HttpRequest request) =>
        request.Host.Port is { } port ? $"{request.Host.Host}:{port}" : $"{request.Host.Host}:{(request.IsHttps ? 443 : 80)}";
}
