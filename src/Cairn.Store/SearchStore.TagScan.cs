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
    /// Here the tag's messages (fewer than <see cref="ScanTagged"/>) are read with their text and, newest first, each is matched by
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
            // A tag on as many sessions as the scan's limit is left to the walk at once; a smaller one's messages are
            // counted through the index (no message row is read) before anything is read for the scan.
            var (index, sessions) = RarestTag(c, scope.Tags);
            var rarest = scope.Tags[index];
            using (var count = c.Command("SELECT COUNT(*) FROM (SELECT 1 FROM session_tags t CROSS JOIN message_search_ids i ON i.session_key = t.session_key " +
                "WHERE t.tag = @tag LIMIT @most)").With("@tag", rarest).With("@most", ScanTagged))
            {
                if (sessions >= ScanTagged || count.ScalarInt64() >= ScanTagged)
                {
                    return null;
                }
            }

            var (where, parameters) = Scope(scope, (_, tag) => TagExists("s.key", tag));
            const string Sessions = "FROM session_tags t CROSS JOIN sessions s ON s.key = t.session_key ";
            // Both reads go through the tag's sessions and then each session's own range of an index (the index's ids
            // by message, the messages by key): one lookup per message of either costs more than the two together.
            var ids = new Dictionary<(string Key, string SessionId, long Seq), long>();
            using (var command = c.Command($"SELECT i.session_key, i.session_id, i.seq, i.id {Sessions}" +
                $"CROSS JOIN message_search_ids i ON i.session_key = s.key WHERE t.tag = @scanTag{where}").With("@scanTag", rarest))
            {
                SessionStore.Bind(command, parameters);
                RowColumns.Each(command, row => ids[(row.GetString(0), row.GetString(1), row.GetInt64(2))] = row.GetInt64(3));
            }

            var rows = new List<(long Id, MessageMatch Row)>(ids.Count);
            using (var command = c.Command($"SELECT m.session_key, s.label, m.session_id, s.session_id = m.session_id, m.seq, m.role, m.text, m.created_at {Sessions}" +
                $"CROSS JOIN messages m ON m.session_key = s.key WHERE t.tag = @scanTag{where} AND m.role IN ('user', 'assistant', 'summary')").With("@scanTag", rarest))
            {
                SessionStore.Bind(command, parameters);
                RowColumns.Each(command, read =>
                {
                    var row = new MessageMatch(read.GetString(0), read.GetString(1), read.GetString(2), read.GetInt64(3) != 0,
                        read.GetInt64(4), read.GetString(5), read.GetString(6), read.GetInt64(7));
                    if (ids.TryGetValue((row.SessionKey, row.SessionId, row.Seq), out var id))
                    {
                        rows.Add((id, row));
                    }
                });
            }

            // The index's ids go down as messages are written: ascending is newest first, the walk's order, so the
            // matching stops at the page's last match.
            rows.Sort((a, b) => a.Id.CompareTo(b.Id));
            var (page, seen, probes) = (new List<MessageMatch>(Math.Min(take, rows.Count)), 0, 0);
            foreach (var (id, row) in rows)
            {
                var matches = matcher.Matches(row.Text);
                if (matches is null && ++probes > MostProbes)
                {
                    return null;
                }

                if ((matches ?? Indexed(c, FtsExpression(terms), id)) && seen++ >= skip && page.Count < take)
                {
                    page.Add(row);
                }

                if (page.Count == take)
                {
                    break;
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
