using Cairn.Protocol;
using Cairn.Sessions;

namespace Cairn.Sharing;

/// <summary>The checks the share methods' parameters get after deserialization.</summary>
public static class ShareValidation
{
    public static MethodError? Share(SessionsShareParams p) =>
        SessionRules.CheckKey(p.Key)
        ?? (p.ExpiresInDays is < 1 or > ShareService.MaxDays
            ? MethodError.Invalid("expiresInDays", $"'expiresInDays' must be from 1 to {ShareService.MaxDays}.") : null);

    public static MethodError? Unshare(SessionsUnshareParams p) =>
        ShareTokens.IsWellFormed(p.Token) ? null : MethodError.Invalid("token", "'token' is not a share token (43 characters of a share link).");

    public static MethodError? List(SessionsSharesParams p) => p.Key is null ? null : SessionRules.CheckKey(p.Key);
}
