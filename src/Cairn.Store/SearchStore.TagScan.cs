using System.Data.Common;

namespace Cairn.Store;

/// <summary>A tag-filtered search whose rarest tag has few messages: those messages are read and matched one by one.</summary>
public sealed partial class SearchStore
{
    /// <summary>
    /// A tag filter whose rarest tag's sessions hold fewer indexed messages than this reads those messages and matches
    /// each (<see cref="ScanTaggedMessages"/>); otherwise, or when this is 0, the index's matches are walked.
    /// </summary>
    public int ScanTagged { get; init; } = 2_000;

    /// <summary>Messages of the scan whose answer is not certain without the index are asked about one by one, up to this many.</summary>
    private const int MostProbes = 16;

    /// <summary>
    /// The newest matches within a rare tag, without walking the index: a common word in a rare tag (<c>question
    /// tag:rare</c>) walked about 300,000 of the index's matches for a page, since only one in a thousand was tagged.
    /// Here the tag's messages (fewer than <see cref="ScanTagged"/>) are read with their text and each is matched by
    /// <see cref="FtsAsciiMatcher"/>, which answers only where it gives the index's own answer; a message it cannot
    /// decide is asked of the index by rowid (each such probe costs about 0.2 ms at 1,000,000 messages, so past
    /// <see cref="MostProbes"/> of them the walk is taken instead). Null: this plan does not apply; walk the index.
    /// </summary>
    private IReadOnlyList<MessageMatch>? ScanTaggedMessages(IReadOnlyList<MatchTerm> terms, SearchScope scope, int skip, int take)
    {
        if (scope.SessionKey is not null || scope.Tags.Count == 0 || ScanTagged <= 0 || FtsAsciiMatcher.For(terms) is not { } matcher)
        {
            return null;
        }

        return db.Read<IReadOnlyList<MessageMatch>?>(c =>
        {
            var rarest = scope.Tags[RarestTag(c, scope.Tags).Index];
            using (var count = c.Command("SELECT COUNT(*) FROM (SELECT 1 FROM session_tags t CROSS JOIN message_search_ids i ON i.session_key = t.session_key " +
                "WHERE t.tag = @tag LIMIT @most)").With("@tag", rarest).With("@most", ScanTagged))
            {
                if (count.ScalarInt64() >= ScanTagged)
                {
                    return null;
                }
            }

            var (where, parameters) = Scope(scope, (_, tag) => TagExists("s.key", tag));
            using var command = c.Command(
                "SELECT i.id, m.text, i.session_key, s.label, i.session_id, s.session_id = i.session_id, i.seq, m.role, m.created_at " +
                "FROM session_tags t CROSS JOIN sessions s ON s.key = t.session_key CROSS JOIN message_search_ids i ON i.session_key = s.key " +
                "CROSS JOIN messages m ON m.session_key = i.session_key AND m.session_id = i.session_id AND m.seq = i.seq " +
                $"WHERE t.tag = @scanTag{where} ORDER BY i.id").With("@scanTag", rarest);
            SessionStore.Bind(command, parameters);
            // The index's ids go down as messages are written: ascending is newest first, the walk's order, so the
            // read stops at the page's last match.
            var (page, seen, probes) = (new List<MessageMatch>(Math.Min(take, 1_000)), 0, 0);
            using var reader = command.ExecuteReader();
            while (page.Count < take && reader.Read())
            {
                var text = reader.GetString(1);
                var matches = matcher.Matches(text);
                if (matches is null && ++probes > MostProbes)
                {
                    return null;
                }

                if ((matches ?? Indexed(c, FtsExpression(terms), reader.GetInt64(0))) && seen++ >= skip)
                {
                    page.Add(new MessageMatch(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5) != 0,
                        reader.GetInt64(6), reader.GetString(7), text, reader.GetInt64(8)));
                }
            }

            return page;
        });
    }

    /// <summary>Whether the index has message <paramref name="id"/> among the matches of <paramref name="match"/>.</summary>
    private static bool Indexed(DbConnection c, string match, long id)
    {
        using var probe = c.Command("SELECT COUNT(*) FROM message_search WHERE message_search MATCH @match AND rowid = @id").With("@match", match).With("@id", id);
        return probe.ScalarInt64() > 0;
    }

    /// <summary>The position in <paramref name="tags"/> of the tag on the fewest sessions (every shelf, by <c>tag_counts</c>), and their number.</summary>
    private static (int Index, long Sessions) RarestTag(DbConnection c, IReadOnlyList<string> tags)
    {
        var (rarest, fewest) = (0, long.MaxValue);
        for (var i = 0; i < tags.Count; i++)
        {
            using var probe = c.Command("SELECT COALESCE(SUM(n), 0) FROM tag_counts WHERE tag = @tag").With("@tag", tags[i]);
            var count = probe.ScalarInt64();
            if (count < fewest)
            {
                (rarest, fewest) = (i, count);
            }
        }

        return (rarest, fewest);
    }
}
