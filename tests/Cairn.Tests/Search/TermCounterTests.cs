using Cairn.Search;

namespace Cairn.Tests.Search;

/// <summary>The ranking's term count agrees with the snippet's matches on every text and query.</summary>
public sealed class TermCounterTests
{
    private static readonly string[] Vocabulary =
    [
        "harbor", "Harbor", "HARBOR", "harbors", "harb", "invoice", "Invoice4711", "4711", "café", "Café", "CAFE", "cafe",
        "Überweisung", "uber", "naïve", "straße", "STRASSE", "東京", "e\u0301t\u00e9", "late", "fee", "a", "x",
    ];

    private static readonly string[] Separators = [" ", "  ", ", ", ".\n", "-", "'", "\t", "…", "/", "_"];

    private static readonly string[] Queries =
    [
        "harbor", "harb*", "invoice*", "4711", "café", "cafe", "uber*", "straße", "東京", "ete", "harbor invoice",
        "harbor -fee", "\"late fee\"", "\"late fee\" harbor", "a*", "x", "naive",
    ];

    [Fact]
    public void Count_AgreesWithTheSnippetMatches_OnRandomTexts()
    {
        var random = new Random(4711);
        foreach (var query in Queries)
        {
            var terms = SearchSyntax.Parse(query).Value!.Positive.ToList();
            for (var n = 0; n < 300; n++)
            {
                var text = string.Concat(Enumerable.Range(0, random.Next(0, 40))
                    .Select(_ => Vocabulary[random.Next(Vocabulary.Length)] + Separators[random.Next(Separators.Length)]));
                var matches = Snippets.Matches(text, terms, out var words);

                Assert.Equal((matches.Count, words), TermCounter.Count(text, terms));
            }
        }
    }

    [Fact]
    public void Count_FindsWholeWordsAndPrefixes_CaseAndAccentsFolded()
    {
        var terms = SearchSyntax.Parse("harb* café").Value!.Positive.ToList();

        Assert.Equal((5, 7), TermCounter.Count("Harbor, HARBOUR and a CAFE: harbors café", terms));
    }
}
