using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;

namespace Cairn.Search;

/// <summary>
/// Search across every conversation, for every surface (<c>search.query</c>, <c>/search</c>, <c>cairn search</c>, the
/// UI's palette). The first page starts with the sessions whose label, key or description has every word (at most
/// <see cref="SessionHits"/>, none when the search is in one session); then messages of every generation and
/// summaries, by relevance among the newest matches (<see cref="SearchStore"/>).
/// </summary>
public sealed class SearchService(SearchStore store, SessionService sessions)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int SessionHits = 5;

    /// <summary>How many of the newest matches are ranked together (<see cref="RankedPage"/>).</summary>
    public const int Window = 300;

    public Outcome<SearchQueryResult> Query(SearchQueryParams p)
    {
        var parsed = SearchSyntax.Parse(p.Query);
        if (parsed.Error is { } error)
        {
            return error;
        }

        var search = parsed.Value!;
        var offset = p.Cursor is null ? 0 : ReadCursor(p.Cursor) ?? -1;
        if (offset < 0)
        {
            return MethodError.Invalid("cursor", "'cursor' is not a cursor this search returned.");
        }

        string? sessionKey = null;
        if ((p.SessionKey ?? search.In) is { } name)
        {
            var resolved = p.SessionKey is not null ? sessions.Get(name) : sessions.Resolve(name);
            if (resolved.Error is { } notFound)
            {
                return notFound;
            }

            sessionKey = resolved.Value!.Entry.Key;
        }

        var tags = TagRules.Normalize([.. search.Tags, .. p.Tags ?? []], "tags");
        if (tags.Error is { } badTag)
        {
            return badTag;
        }

        var scope = new SearchScope(sessionKey, p.Persistent ?? search.Persistent, p.Archived ?? search.Archived)
        {
            Tags = tags.Value!,
            Pinned = search.Pinned,
        };
        var limit = p.Limit ?? DefaultLimit;
        if (offset > 0 || sessionKey is not null)
        {
            return Page([], RankedPage(search, scope, offset, limit), limit, offset, search);
        }

        // The first page starts with the sessions whose names match; at least one place is left for messages, so the
        // next page's cursor moves on (a cursor at 0 would start over with the same session hits). The two reads are
        // independent and each is a few milliseconds of SQLite at 100,000 sessions, so they run side by side on two
        // readers: the caller's thread takes one, and when the pool is busy the other runs inline after it. The
        // messages are read for a page without session hits; Page drops what the session hits leave no room for.
        var words = search.Positive.Select(t => t.Text.ToLowerInvariant()).ToList();
        var sessionLimit = Math.Min(SessionHits, limit - 1);
        IReadOnlyList<SessionMatch> named = [];
        (List<MessageMatch> Matches, bool More) messages = ([], false);
        if (sessionLimit > 0)
        {
            try
            {
                Parallel.Invoke(
                    () => messages = RankedPage(search, scope, 0, limit),
                    () => named = store.Sessions(words, scope, sessionLimit));
            }
            catch (AggregateException ex)
            {
                // The store's own exception (unavailable, bad input) goes up as the call's filters know it.
                ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
            }
        }
        else
        {
            messages = RankedPage(search, scope, 0, limit);
        }

        return Page(named, messages, limit, 0, search);
    }

    /// <summary>
    /// The session hits, then the message hits that fit in <paramref name="limit"/>, and the cursor after the last
    /// message shown (<paramref name="offset"/> counts messages only).
    /// </summary>
    private static SearchQueryResult Page(IReadOnlyList<SessionMatch> named, (List<MessageMatch> Matches, bool More) messages,
        int limit, int offset, ParsedSearch search)
    {
        var shown = Math.Min(messages.Matches.Count, limit - named.Count);
        var more = messages.More || messages.Matches.Count > shown;
        var hits = new List<SearchHit>(named.Count + shown);
        hits.AddRange(named.Select(s => SessionHit(s, search)));
        hits.AddRange(messages.Matches.Take(shown).Select(m => MessageHit(m, search)));
        return new SearchQueryResult(hits, more ? WriteCursor(offset + shown) : null);
    }

    /// <summary>
    /// Messages <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="wanted"/> of the ranked order:
    /// matches are taken newest first in windows of <see cref="Window"/>, each window ranked by <see cref="Relevance"/>,
    /// so paging goes from the most relevant of the newest matches to older ones. <c>More</c>: there are further hits.
    /// </summary>
    private (List<MessageMatch> Page, bool More) RankedPage(ParsedSearch search, SearchScope scope, int offset, int wanted)
    {
        var match = Terms(search);
        var page = new List<MessageMatch>(wanted);
        var window = offset / Window;
        var within = offset % Window;
        while (true)
        {
            var newest = store.Newest(match, scope, window * Window, Window + 1);
            var hasOlder = newest.Count > Window;
            var ranked = Relevance.Rank([.. newest.Take(Window)], search);
            var taken = ranked.Skip(within).Take(wanted - page.Count).ToList();
            page.AddRange(taken);
            var leftInWindow = ranked.Count - within - taken.Count;
            if (page.Count == wanted)
            {
                return (page, leftInWindow > 0 || hasOlder);
            }

            if (!hasOlder)
            {
                return (page, false);
            }

            window++;
            within = 0;
        }
    }

    /// <summary>The terms as the store takes them; it writes them as an FTS5 expression or a tsquery.</summary>
    public static IReadOnlyList<MatchTerm> Terms(ParsedSearch search) =>
        [.. search.Terms.Select(t => new MatchTerm(t.Text, t.Words, t.Prefix, t.Negated))];

    /// <summary>The FTS5 expression of the search (SQLite).</summary>
    public static string Match(ParsedSearch search) => SearchStore.FtsExpression(Terms(search));

    private static SearchHit SessionHit(SessionMatch s, ParsedSearch search)
    {
        var labelShown = Snippets.Make(s.Label, search.Positive);
        var (snippet, highlights) = labelShown.Highlights.Count == 0 && s.Description is { } description
            ? Snippets.Make(description, search.Positive)
            : labelShown;
        return new SearchHit(SearchHitKind.Session, s.Key, s.Label, snippet, highlights);
    }

    private static SearchHit MessageHit(MessageMatch m, ParsedSearch search)
    {
        var (snippet, highlights) = Snippets.Make(m.Text, search.Positive);
        return new SearchHit(SearchHitKind.Message, m.SessionKey, m.Label, snippet, highlights, m.Seq, m.SessionId, m.Current, m.Role, m.CreatedAt);
    }

    private static string WriteCursor(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("o:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    private static int? ReadCursor(string cursor)
    {
        try
        {
            var padded = cursor + new string('=', (4 - (cursor.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
