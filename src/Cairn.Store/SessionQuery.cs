using System.Globalization;
using System.Text;

namespace Cairn.Store;

/// <summary>A page request over sessions: filters, order and the keyset position to continue after.</summary>
public sealed record SessionQuery(
    int Limit,
    SessionSort Sort = SessionSort.Updated,
    bool? Persistent = null,
    bool? UserCreated = null,
    string? Search = null,
    SessionCursor? After = null,
    SessionShelf Shelf = SessionShelf.InUse,
    IReadOnlyList<string>? Tags = null);

/// <summary>
/// Where a session stands: in use (the default list), archived, or in the trash. A session in the trash is on the
/// trash's shelf whether or not it was archived before. The numbers are stored in <c>session_counts.shelf</c>.
/// </summary>
public enum SessionShelf
{
    InUse = 0,
    Archived = 1,
    Trashed = 2,
}

public sealed record SessionPage(IReadOnlyList<SessionEntry> Sessions, SessionCursor? Next, int Total);

/// <summary>
/// Keyset position: the sort column's value and the key of the last row of a page, and (in the default order, where
/// pinned sessions come first) whether that row was pinned. Opaque to clients (base64url), and bound to the sort it was
/// made for.
/// </summary>
public sealed record SessionCursor(SessionSort Sort, string Value, string Key, bool Pinned = false)
{
    public static SessionCursor For(SessionSort sort, SessionEntry last, bool pinnedFirst = false) => sort switch
    {
        SessionSort.Updated => new(sort, last.UpdatedAt.ToString(CultureInfo.InvariantCulture), last.Key, pinnedFirst && last.Pinned),
        SessionSort.Created => new(sort, last.CreatedAt.ToString(CultureInfo.InvariantCulture), last.Key),
        _ => new(sort, SessionNames.Normalize(last.Label), last.Key),
    };

    public string Encode()
    {
        var raw = $"{(int)Sort}\n{Value}\n{Key}{(Pinned ? "\np" : "")}";
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static SessionCursor? TryDecode(string text, SessionSort expectedSort)
    {
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('\n');
            if (parts.Length is not (3 or 4) || (parts.Length == 4 && parts[3] != "p") || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var sort) || (SessionSort)sort != expectedSort)
            {
                return null;
            }

            if (expectedSort != SessionSort.Label && !long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            {
                return null;
            }

            return new SessionCursor(expectedSort, parts[1], parts[2], parts.Length == 4);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
