using Cairn.Protocol;
using Cairn.Search;

namespace Cairn.Tests.Search;

/// <summary>The query language of <c>search.query</c>: terms, filters, and the errors a person can make.</summary>
public sealed class SearchSyntaxTests
{
    private static ParsedSearch Parse(string query) => SearchSyntax.Parse(query).Value ?? throw new InvalidOperationException(query);

    [Fact]
    public void Words_Phrases_Prefixes_And_Exclusions_BecomeQuotedTerms()
    {
        var search = Parse("Invoice \"late fee\" pay* -draft -\"old copy\"");

        Assert.Equal("(\"Invoice\" AND \"late fee\" AND \"pay\"*) NOT \"draft\" NOT \"old copy\"", SearchService.Match(search));
        Assert.Equal(["invoice"], search.Terms[0].Words);
        Assert.True(search.Terms[1].Phrase);
        Assert.True(search.Terms[2].Prefix);
        Assert.True(search.Terms[3].Negated);
    }

    [Fact]
    public void FtsSyntaxInTheInput_IsOnlyText()
    {
        var search = Parse("NEAR(a b) OR c:d \"x\"");

        Assert.Equal("(\"NEAR(a\" AND \"b)\" AND \"OR\" AND \"c:d\" AND \"x\")", SearchService.Match(search));
    }

    [Fact]
    public void TheSameTerms_AsATsQuery_ArePhrasesOfQuotedLexemes()
    {
        var search = Parse("Invoice \"late fee\" pay* -draft -\"old copy\"");

        Assert.Equal("('invoice') & ('late' <-> 'fee') & ('pay':*) & !('draft') & !('old' <-> 'copy')",
            Cairn.Store.SearchStore.TsQuery(SearchService.Terms(search)));
    }

    [Fact]
    public void TsQuerySyntaxInTheInput_IsOnlyText()
    {
        var search = Parse("a&b !c it's back\\slash");

        Assert.Equal("('a' <-> 'b') & ('c') & ('it' <-> 's') & ('back' <-> 'slash')", Cairn.Store.SearchStore.TsQuery(SearchService.Terms(search)));
    }

    [Fact]
    public void Filters_TakeKeysOrQuotedLabels()
    {
        var search = Parse("in:\"Project X\" persistent:no budget");

        Assert.Equal("Project X", search.In);
        Assert.False(search.Persistent);
        Assert.Equal(["budget"], search.Terms.Select(t => t.Text));
    }

    [Fact]
    public void Accents_AndCase_AreFoldedAsTheIndexDoes() =>
        Assert.Equal(["creme", "brulee", "4711"], SearchSyntax.Words("Crème BRÛLÉE, #4711!"));

    [Theory]
    [InlineData("HARBOR", "harbor")]
    [InlineData("Harbor42", "harbor42")]
    [InlineData("already", "already")]
    [InlineData("Zürich", "zurich")]
    [InlineData("ÇAĞRI", "cagri")]
    public void Fold_LowerCasesAsciiWords_AndStripsAccentsFromTheRest(string word, string folded) =>
        Assert.Equal(folded, SearchSyntax.Fold(word));

    [Theory]
    [InlineData("\"unclosed phrase", "never closed")]
    [InlineData("in: budget", "needs a value")]
    [InlineData("persistent:maybe budget", "yes or no")]
    [InlineData("-only -exclusions", "nothing to look for")]
    [InlineData("\"!!!\" in:work", "nothing to look for")]
    public void Mistakes_AreClearErrors(string query, string says)
    {
        var error = SearchSyntax.Parse(query).Error;

        Assert.NotNull(error);
        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASnippet_CentersOnTheFirstMatch_AndMarksEveryMatchedWord()
    {
        var text = new string('x', 150) + " then the invoice 4711 was paid,\nand invoice 4712 too " + new string('y', 300);
        var (snippet, highlights) = Snippets.Make(text, Parse("invoice 47*").Terms);

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', snippet);
        Assert.Equal(["invoice", "4711", "invoice", "4712"], highlights.Select(h => snippet.Substring(h.Start, h.Length)));
    }

    [Fact]
    public void APhrase_IsMarkedAsOneRange()
    {
        var (snippet, highlights) = Snippets.Make("We said Late  Fee twice: late fee.", Parse("\"late fee\"").Terms);

        Assert.Equal(["Late  Fee", "late fee"], highlights.Select(h => snippet.Substring(h.Start, h.Length)));
    }
}
