using System.Security.Cryptography;
using System.Text;

namespace Cairn.Transport;

/// <summary>Token check in constant time. With auth mode none (loopback only) every caller passes.</summary>
public sealed class GatewayAuth(string? token)
{
    private readonly byte[]? _expected = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Required => _expected is not null;

    public bool Check(string? presented)
    {
        if (_expected is null)
        {
            return true;
        }

        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        return CryptographicOperations.FixedTimeEquals(actual, _expected) && presented is { Length: > 0 };
    }

    /// <summary>The token of an <c>Authorization: Bearer …</c> header; tokens anywhere else are ignored.</summary>
    public static string? BearerToken(string? header) =>
        header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
}
