using System.Globalization;
using Cairn.Protocol;
using Cairn.Sharing;

namespace Cairn.Commands;

/// <summary>
/// <c>/session share [live] [days]</c> and <c>/session unshare &lt;token&gt;</c>: read-only links to this session's
/// conversation, through <see cref="ShareService"/> as <c>sessions.share</c> and <c>sessions.unshare</c>.
/// </summary>
public sealed class ShareCommands(ShareService shares)
{
    public async Task<CommandReply> ShareAsync(CommandCall call, CancellationToken ct)
    {
        var live = false;
        int? days = null;
        foreach (var word in call.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (word.Equals("live", StringComparison.OrdinalIgnoreCase) && !live)
            {
                live = true;
            }
            else if (days is null && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                days = n;
            }
            else
            {
                return call.Usage();
            }
        }

        var request = new SessionsShareParams(call.SessionKey, days, live);
        if (ShareValidation.Share(request) is { } invalid)
        {
            return call.Reply(invalid.Message);
        }

        var shared = await shares.ShareAsync(request, ct);
        if (shared.Error is { } error)
        {
            return call.Reply(error.Message);
        }

        var link = shared.Value!.Share;
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(link.ExpiresAt).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var text = $"Read-only link to '{link.Label}' ({(link.Live ? "live" : "a snapshot of now")}, until {expires}):\n{link.Url}\n" +
            $"Anyone with the link can read it. Revoke it with /session unshare {link.Token}";
        return call.Reply(link.LoopbackOnly ? text + "\nThis gateway listens on loopback only: the link opens on this machine (or through a reverse proxy)." : text);
    }

    public async Task<CommandReply> UnshareAsync(CommandCall call, CancellationToken ct)
    {
        var token = call.Args.Trim();
        if (token.Length == 0)
        {
            return call.Usage();
        }

        var request = new SessionsUnshareParams(token[(token.LastIndexOf('/') + 1)..]);
        if (ShareValidation.Unshare(request) is { } invalid)
        {
            return call.Reply(invalid.Message);
        }

        var revoked = await shares.UnshareAsync(request, ct);
        return call.Reply(revoked.Error is { } error ? error.Message : "Revoked: the link no longer opens.");
    }
}
