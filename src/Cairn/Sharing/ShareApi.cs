using Cairn.Protocol;

namespace Cairn.Sharing;

/// <summary>The share-link methods: names onto <see cref="ShareService"/>.</summary>
public static class ShareApi
{
    public static MethodTable MapShareMethods(this MethodTable methods) => methods
        .Add("sessions.share", "Make a read-only link to a session's conversation: a snapshot, or live; expires in 1–365 days (default 30).",
            static (ShareService shares, SessionsShareParams p, CancellationToken ct) => shares.ShareAsync(p, ct), ShareValidation.Share)
        .Add("sessions.unshare", "Revoke a share link; it stops working at once.",
            static (ShareService shares, SessionsUnshareParams p, CancellationToken ct) => shares.UnshareAsync(p, ct), ShareValidation.Unshare)
        .Add("sessions.shares", "The share links that still work, of one session or of all.",
            static (ShareService shares, SessionsSharesParams p) => shares.List(p), ShareValidation.List);
}
