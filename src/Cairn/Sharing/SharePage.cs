using System.Globalization;
using System.Net;
using System.Text;

namespace Cairn.Sharing;

/// <summary>
/// The HTML of a share link, rendered on the server: readable without JavaScript, no script, no external request
/// (styles inline), every message text HTML-encoded and shown as written (line breaks kept).
/// </summary>
public static class SharePage
{
    private const string Style = """
        :root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
        body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1rem 3rem; }
        header { border-bottom: 1px solid #8884; margin-bottom: 1rem; }
        h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
        .meta, footer, time { color: #777; font-size: .85rem; }
        article { margin: 0 0 1rem; padding: .75rem 1rem; border-radius: .5rem; }
        article.user { background: #3b82f61a; }
        article.assistant { background: #8881; }
        article h2 { font-size: .8rem; margin: 0 0 .25rem; text-transform: uppercase; letter-spacing: .04em; }
        article p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
        footer { border-top: 1px solid #8884; margin-top: 2rem; padding-top: .75rem; }
        """;

    public static string Render(SharedConversation shared)
    {
        var html = new StringBuilder(4096 + (shared.Messages.Sum(m => m.Text.Length) * 11 / 10));
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"robots\" content=\"noindex, nofollow, noarchive\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(Encode(shared.Label)).Append(" · shared conversation</title><style>").Append(Style).Append("</style></head>")
            .Append("<body><header><h1>").Append(Encode(shared.Label)).Append("</h1><p class=\"meta\">")
            .Append(shared.Live ? "A live, read-only view of this conversation." : $"A read-only snapshot, taken {Time(shared.CreatedAt)}.")
            .Append(CultureInfo.InvariantCulture, $" {shared.Messages.Count} message{(shared.Messages.Count == 1 ? "" : "s")}")
            .Append(shared.Cut ? $" (the latest {ShareService.MaxMessages})." : ".")
            .Append("</p></header><main>");
        if (shared.Messages.Count == 0)
        {
            html.Append("<p>No messages yet.</p>");
        }

        foreach (var message in shared.Messages)
        {
            var user = message.Role == Protocol.MessageRoles.User;
            html.Append("<article class=\"").Append(user ? "user" : "assistant").Append("\"><h2>").Append(user ? "User" : "Assistant")
                .Append("</h2><p>").Append(Encode(message.Text)).Append("</p><time datetime=\"")
                .Append(DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt).ToString("O", CultureInfo.InvariantCulture)).Append("\">")
                .Append(Time(message.CreatedAt)).Append("</time></article>");
        }

        html.Append("</main><footer>Shared from a Cairn gateway. This link expires ").Append(Time(shared.ExpiresAt))
            .Append(" and stops working as soon as it is revoked.</footer></body></html>");
        return html.ToString();
    }

    /// <summary>The page of a link that does not work; the same for unknown, revoked and expired, so it tells nothing.</summary>
    public static string Gone() =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\"><title>Link not available</title>" +
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}</style></head><body><main><h1>Link not available</h1>" +
        "<p>This share link does not exist, was revoked, or has expired.</p></main></body></html>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Time(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
