using Cairn.Commands;

namespace Cairn.Tests.Commands;

public sealed class CommandTextTests
{
    [Theory]
    [InlineData("/help")]
    [InlineData("/HELP")]
    [InlineData("  /session list 2")]
    [InlineData("/session\tswitch work")]
    [InlineData("/xyz")]
    [InlineData("/new\n")]
    public void IsCommand_SlashWordAtTheStart(string text) => Assert.NotNull(CommandText.Parse(text));

    [Theory]
    [InlineData("/usr/bin is a path")]
    [InlineData("//")]
    [InlineData("/ 2")]
    [InlineData("/123")]
    [InlineData("hello /help")]
    [InlineData("")]
    [InlineData("/help/me")]
    public void IsNotCommand_PathsNumbersAndLaterSlashes(string text) => Assert.Null(CommandText.Parse(text));

    [Fact]
    public void Parse_LowerCasesTheWord_AndTrimsTheArguments()
    {
        var (word, args) = CommandText.Parse("/Session  rename   Café ☕  ")!.Value;

        Assert.Equal("session", word);
        Assert.Equal("rename   Café ☕", args);
        Assert.Equal(("rename", "Café ☕"), CommandText.SplitFirst(args));
    }

    [Theory]
    [InlineData("\"My work\"", "My work")]
    [InlineData("'x'", "x")]
    [InlineData("“Projekt Ä”", "Projekt Ä")]
    [InlineData("\"unbalanced", "\"unbalanced")]
    [InlineData("plain", "plain")]
    public void Unquote_DropsOnePairOfQuotes(string text, string expected) => Assert.Equal(expected, CommandText.Unquote(text));
}
