using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Search;

/// <summary>
/// A search in a tag with few messages reads those messages and matches them one by one (<see cref="SearchStore.ScanTagged"/>,
/// <see cref="FtsAsciiMatcher"/>) instead of walking the index: it must give the walk's hits page for page, and the
/// matcher must answer only where it agrees with the index itself.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class SearchTagScanTests
{
    private static readonly string[] Texts =
    [
        "Question about the harbor: who owns it?",
        "question_about the HARBOR-master's report",
        "The harbour is not the harbor",
        "harbors and harboring, but not the one word",
        "A \u201cquestion\u201d \u2014 about the\u00a0harbor\u2026",
        "Caf\u00e9 question about the harbor",
        "Question \U0001F600 about the harbor",
        "questions about harbor 4711, invoice 4711",
        "nothing to see here",
        "x" + new string('y', 300) + " question",
    ];

    private static async Task SendAsync(TestGateway gw, string key, string message) =>
        Assert.Equal(SendStatus.Final, (await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, key, Wait: true))).Status);

    /// <summary>Four sessions, every text in each: "rare" on two (one of them archived), "wide" on three, one untagged.</summary>
    private static async Task<TestGateway> SessionsAsync()
    {
        var gw = await TestGateway.StartAsync();
        foreach (var (label, tags) in new (string, string[])[] { ("Alpha", ["rare", "wide"]), ("Bravo", ["wide"]), ("Charlie", []), ("Delta", ["rare", "wide"]) })
        {
            var key = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label))).Key;
            await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Tags: tags));
            foreach (var text in Texts)
            {
                await SendAsync(gw, key, text);
            }
        }

        await gw.CallAsync<SessionEntryResult>("sessions.archive", new SessionKeyParams("delta"));
        return gw;
    }

    private static MatchTerm Term(string text, bool prefix = false, bool negated = false) =>
        new(text, [.. text.Split(' ').Select(w => w.ToLowerInvariant())], prefix, negated);

    public static TheoryData<string> Searches => ["question", "harbor", "about the harbor", "harb*", "question -harbor", "4711 invoice", "master s", "caf\u00e9", "xyyy*"];

    private static IReadOnlyList<MatchTerm> Parse(string search) =>
    [
        .. search.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.StartsWith('-')).Select(w => Term(w[1..], negated: true)),
        .. search.Contains('-', StringComparison.Ordinal) || search.Contains('*', StringComparison.Ordinal) || search == "4711 invoice"
            ? search.Split(' ').Where(w => !w.StartsWith('-')).Select(w => Term(w.TrimEnd('*'), prefix: w.EndsWith('*')))
            : [Term(search)],
    ];

    [Theory]
    [MemberData(nameof(Searches))]
    public async Task ScanOfATag_GivesTheWalksHits_PageForPage(string search)
    {
        await using var gw = await SessionsAsync();
        var db = gw.Service<CairnDatabase>();
        var scan = new SearchStore(db) { ScanTagged = int.MaxValue };
        var walk = new SearchStore(db) { ScanTagged = 0 };
        var terms = Parse(search);

        foreach (var scope in new[]
        {
            new SearchScope { Tags = ["rare"] }, new SearchScope(Archived: false) { Tags = ["rare"] },
            new SearchScope { Tags = ["wide", "rare"] }, new SearchScope(Persistent: true) { Tags = ["wide"] }, new SearchScope { Tags = ["nobody"] },
        })
        {
            var all = Keys(walk.Newest(terms, scope, 0, 500));
            Assert.Equal(all, Keys(scan.Newest(terms, scope, 0, 500)));
            for (var skip = 0; skip < all.Count + 2; skip += 7)
            {
                Assert.Equal(all.Skip(skip).Take(7), Keys(scan.Newest(terms, scope, skip, 7)));
            }
        }

        Assert.NotEmpty(Keys(walk.Newest(terms, new SearchScope { Tags = ["rare"] }, 0, 500)));
    }

    [Fact]
    public async Task Matcher_AnswersOnlyWhereTheIndexAgrees()
    {
        await using var gw = await SessionsAsync();
        var db = gw.Service<CairnDatabase>();
        var (decided, undecided) = (0, 0);
        foreach (var search in Searches)
        {
            var terms = Parse(search);
            var matcher = FtsAsciiMatcher.For(terms);
            foreach (var text in Texts)
            {
                if (matcher?.Matches(text) is not { } answer)
                {
                    undecided++;
                    continue;
                }

                decided++;
                var indexed = db.Read(c =>
                {
                    using var probe = c.Command("SELECT COUNT(*) FROM message_search f JOIN message_search_ids i ON i.id = f.rowid " +
                        "JOIN messages m ON m.session_key = i.session_key AND m.session_id = i.session_id AND m.seq = i.seq " +
                        "WHERE message_search MATCH @match AND m.text = @text AND m.role = 'user'")
                        .With("@match", SearchStore.FtsExpression(terms)).With("@text", text);
                    return probe.ScalarInt64() > 0;
                });
                Assert.True(answer == indexed, $"'{text}' for '{search}': matcher {answer}, index {indexed}");
            }
        }

        Assert.True(decided > 50 && undecided > 10, $"{decided} decided, {undecided} not");
    }

    private static List<string> Keys(IReadOnlyList<MessageMatch> matches) => [.. matches.Select(m => $"{m.SessionKey}/{m.Seq}")];
}
