using System.Text;
using System.Text.Json;
using Cairn.Import;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Import;

/// <summary>The rules that turn an old entry into a Cairn session, without a database or a gateway.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class ImportMappingTests
{
    [Theory]
    [InlineData("main", "main")]
    [InlineData("agent:main:main", "main")]
    [InlineData("agent:ops:main", "main")]
    [InlineData("work", "work")]
    [InlineData("Work Stuff", "work-stuff")]
    [InlineData("agent:main:telegram:dm:42", "telegram-dm-42")]
    [InlineData("agent:main:main:thread", "main-thread")]
    [InlineData("🚀", "session")]
    public void PreferredKey_IsTheKeyIfValid_ElseItsSlug(string oldKey, string expected)
    {
        Assert.Equal(expected, ImportNaming.PreferredKey(oldKey));
        Assert.True(SessionNames.IsValidKey(expected));
    }

    [Theory]
    [InlineData("main", "Main")]
    [InlineData("agent:main:main", "Main")]
    [InlineData("agent:main:discord:channel:1", "discord:channel:1")]
    [InlineData("Work Stuff", "Work Stuff")]
    public void DeriveLabel_IsTheKeyWithoutTheAgentPrefix(string oldKey, string expected) =>
        Assert.Equal(expected, ImportNaming.DeriveLabel(oldKey));

    [Fact]
    public void LongLabelAndDescription_AreShortened_AndTheFullTextKeptInExtra()
    {
        var label = new string('L', 70);
        var description = new string('d', 600);

        var session = Map("k", $$"""{"sessionId":"s","updatedAt":1700000000000,"label":"{{label}}","description":"{{description}}"}""");

        Assert.Equal(new string('L', 64), session.Label);
        Assert.Equal(500, session.Description!.Length);
        using var extra = JsonDocument.Parse(session.Extra!);
        Assert.Equal(label, extra.RootElement.GetProperty("fullLabel").GetString());
        Assert.Equal(description, extra.RootElement.GetProperty("fullDescription").GetString());
    }

    [Theory]
    [InlineData("1700000000", 1700000000000)]
    [InlineData("1700000000123", 1700000000123)]
    [InlineData("\"2023-11-14T22:13:20Z\"", 1700000000000)]
    public void Timestamps_AreMilliseconds_FromSecondsMillisecondsOrIso(string json, long expected) =>
        Assert.Equal(expected, Map("k", $$"""{"sessionId":"s","updatedAt":{{json}}}""").UpdatedAt);

    [Fact]
    public void Kind_IsNamedForALabelOrUserCreated_PeerForADisplayNameOnly()
    {
        Assert.Equal(SessionKind.Named, Map("a", """{"sessionId":"s","updatedAt":1,"label":"A"}""").Kind);
        Assert.Equal(SessionKind.Named, Map("b", """{"sessionId":"s","updatedAt":1,"userCreated":true}""").Kind);
        var group = Map("agent:main:telegram:group:1", """{"sessionId":"s","updatedAt":1,"displayName":"Family"}""");
        Assert.Equal((SessionKind.Peer, "Family", true), (group.Kind, group.Label, group.LabelGiven));
        Assert.Equal(SessionKind.Main, Map("agent:main:main", """{"sessionId":"s","updatedAt":1}""").Kind);
    }

    [Fact]
    public void JsonEntries_SkipsABom_AndReportsAnEmptyFile()
    {
        var withBom = JsonEntries.Read([.. Encoding.UTF8.GetPreamble(), .. """{"a":{"x":1}}"""u8]);
        Assert.Null(withBom.Damage);
        Assert.Equal("a", Assert.Single(withBom.Entries).Key);

        Assert.Equal("the file is empty", JsonEntries.Read(""u8).Damage);
        Assert.Equal("the file is empty", JsonEntries.Read(" \n"u8).Damage);
    }

    [Fact]
    public async Task ATakenKeyOf64Characters_FallsBackToASlugWithRoomForASuffix()
    {
        using var dir = new TempDir();
        using var db = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName));
        var key = new string('k', 64);
        await new SessionStore(db).CreateAsync(new NewSession(key, true, "Taken", null, false, true, SessionKind.Named, "s0"), 1);

        var rows = await new ImportStore(db).ImportAsync(new ImportBatch("test", [Map(key, """{"sessionId":"s1","updatedAt":1}""")]), 2);

        var row = Assert.Single(rows);
        Assert.True(SessionNames.IsValidKey(row.Key), row.Key);
        Assert.Equal(new string('k', 60), row.Key);
        Assert.Equal(row.Key, new SessionStore(db).GetByAlias(key)!.Key);
    }

    private static ImportedSession Map(string key, string json)
    {
        using var document = JsonDocument.Parse(json);
        var mapped = EntryMapper.Map(key, document.RootElement);
        Assert.Null(mapped.Problem);
        return mapped.Session!;
    }
}
