using System.Buffers.Text;
using System.Security.Cryptography;

namespace Cairn.Sharing;

/// <summary>Share tokens: 256 random bits, base64url (43 characters), so a link cannot be guessed or enumerated.</summary>
public static class ShareTokens
{
    public const int Length = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsWellFormed(string token) =>
        token.Length == Length && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string PathOf(string token) => "/s/" + token;
}
