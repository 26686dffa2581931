using Cairn.Sessions;

namespace Cairn.Tests.Sessions;

public sealed class TagRulesTests
{
    [Theory]
    [InlineData("work", "work")]
    [InlineData("  Project X  ", "project-x")]
    [InlineData("a \t  b\nc", "a-b-c")]
    [InlineData("Ärger_2.0", "ärger_2.0")]
    [InlineData("12", "12")]
    public void Normalize_TrimsLowersAndJoinsWords(string given, string expected) => Assert.Equal(expected, TagRules.Normalize(given));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("-leading")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("tag:x")]
    [InlineData("emoji🙂")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1234567")] // 33
    public void Normalize_RefusesWhatIsNotATag(string given) => Assert.Null(TagRules.Normalize(given));

    [Fact]
    public void Normalize_ASet_DropsDuplicatesAndSorts()
    {
        var result = TagRules.Normalize(["Work", "home", "WORK", " home "]);

        Assert.Null(result.Error);
        Assert.Equal(["home", "work"], result.Value);
    }

    [Fact]
    public void Normalize_ASet_RefusesTheFirstBadTagAndTooMany()
    {
        var bad = TagRules.Normalize(["ok", "not/ok"]);
        var many = TagRules.Normalize(Enumerable.Range(0, TagRules.MaxPerSession + 1).Select(i => $"t{i}"));
        var exactly = TagRules.Normalize(Enumerable.Range(0, TagRules.MaxPerSession).Select(i => $"t{i}"));

        Assert.Contains("'not/ok' is not a valid tag", bad.Error!.Message, StringComparison.Ordinal);
        Assert.Equal("tags", bad.Error.Details!["field"]);
        Assert.Equal($"A session can have at most {TagRules.MaxPerSession} tags ({TagRules.MaxPerSession + 1} given).", many.Error!.Message);
        Assert.Equal(TagRules.MaxPerSession, exactly.Value!.Count);
    }
}
