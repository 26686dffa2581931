using System.Text.RegularExpressions;

namespace Cairn.Chat.Providers;

/// <summary>
/// Makes a provider's text safe to show and log: the configured API key, bearer tokens, <c>sk-…</c> keys and
/// <c>api_key=…</c> pairs become <c>***</c> (<see cref="Redact"/>); <see cref="Clean"/> also collapses whitespace and
/// cuts the text to <see cref="MaxLength"/>.
/// </summary>
public static partial class SecretRedactor
{
    public const int MaxLength = 500;

    public static string Clean(string text, string? secret = null)
    {
        text = Whitespace().Replace(Redact(text, secret), " ").Trim();
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)].TrimEnd() + "…";
    }

    /// <summary>Only the secrets replaced: line breaks and length kept (an exception's text with its stack trace, for the log).</summary>
    public static string Redact(string text, string? secret = null)
    {
        if (secret is { Length: >= 4 })
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        text = SkKey().Replace(text, "sk-***");
        text = Bearer().Replace(text, "Bearer ***");
        return KeyPair().Replace(text, "${name}***");
    }

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-\*\.]{3,}")]
    private static partial Regex SkKey();

    [GeneratedRegex(@"(?i)\bbearer\s+[A-Za-z0-9._~+/=\-\*]+")]
    private static partial Regex Bearer();

    [GeneratedRegex("""(?i)(?<name>\b(api[_-]?key|access[_-]?token|token|secret|password)\b["']?\s*[:=]\s*["']?)[^\s"',&;]+""")]
    private static partial Regex KeyPair();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
