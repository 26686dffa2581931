using Cairn.Store;

namespace Cairn.Tests.Store;

public sealed class SessionNamesTests
{
    [Theory]
    [InlineData("Work Session", "work-session")]
    [InlineData("  --Hello,  World!!  ", "hello-world")]
    [InlineData("Ärger über Öl", "arger-uber-ol")]
    [InlineData("🚀", "session")]
    [InlineData("a_b.c", "a-b-c")]
    public void Slug_MakesValidKeys(string label, string expected)
    {
        var slug = SessionNames.Slug(label);

        Assert.Equal(expected, slug);
        Assert.True(SessionNames.IsValidKey(slug));
    }

    [Fact]
    public void Slug_OfLongLabel_LeavesRoomForSuffix()
    {
        var slug = SessionNames.Slug(new string('a', 64));

        Assert.True(SessionNames.IsValidKey(slug + "-999"));
    }

    [Theory]
    [InlineData("main", true)]
    [InlineData("a", true)]
    [InlineData("0-x", true)]
    [InlineData("-x", false)]
    [InlineData("A", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void IsValidKey(string key, bool valid) => Assert.Equal(valid, SessionNames.IsValidKey(key));
}
