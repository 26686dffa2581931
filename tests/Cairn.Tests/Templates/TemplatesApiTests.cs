using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Templates;

/// <summary><c>templates.list|get|create|patch|delete</c> through a real gateway: values, normalisation, and every refusal.</summary>
public sealed class TemplatesApiTests
{
    internal static CairnConfig TwoModels(CairnConfig c) =>
        c.WithModels([new ModelEntry("fast", CairnConfig.Default.Model), new ModelEntry("deep", CairnConfig.Default.Model)], "fast");

    [Fact]
    public async Task NewStore_ListsTheBuiltIns_WithPromptsAndTags()
    {
        await using var gw = await TestGateway.StartAsync();

        var list = (await gw.CallAsync<TemplatesListResult>("templates.list")).Templates;

        Assert.Equal(["Coding assistant", "Daily journal", "Writing editor"], list.Select(t => t.Name));
        Assert.All(list, t => Assert.True(t.BuiltIn));
        Assert.All(list, t => Assert.True(t.SystemPrompt!.Length > 100));
        Assert.Equal(["journal", "personal"], list.Single(t => t.Key == "daily-journal").Tags);
        Assert.NotNull(list.Single(t => t.Key == "daily-journal").FirstMessage);
        Assert.Equal(["code"], list.Single(t => t.Key == "coding-assistant").Tags);
    }

    [Fact]
    public async Task Create_StoresNormalisedValues_AndGetFindsByKeyOrNameInAnyCase()
    {
        await using var gw = await TestGateway.StartAsync(TwoModels);

        var created = (await gw.CallAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams(
            "  Bug Triage ", SystemPrompt: "Triage bugs.", Model: "DEEP", Persistent: false, Tags: ["Work Items", "bugs", "BUGS"],
            Description: " Sort incoming bugs ", FirstMessage: "What came in today?"))).Template;
        var byKey = (await gw.CallAsync<TemplateEntryResult>("templates.get", new TemplateNameParams("bug-triage"))).Template;
        var byName = (await gw.CallAsync<TemplateEntryResult>("templates.get", new TemplateNameParams("BUG TRIAGE"))).Template;

        Assert.Equal(("bug-triage", "Bug Triage", "Sort incoming bugs", "Triage bugs.", "deep", (bool?)false, "What came in today?", false, 1),
            (created.Key, created.Name, created.Description, created.SystemPrompt, created.Model, created.Persistent, created.FirstMessage, created.BuiltIn, created.Rev));
        Assert.Equal(["bugs", "work-items"], created.Tags);
        Assert.Equal(created.Key, byKey.Key);
        Assert.Equal(created.Tags, byName.Tags);
    }

    [Fact]
    public async Task Create_NameTakenInAnyCase_IsConflict()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams("coding ASSISTANT"));

        Assert.Equal(ErrorCode.Conflict, reply.Error!.Code);
        Assert.Equal("name", reply.Error.Detail<string>("field"));
    }

    [Fact]
    public async Task Create_UnknownModel_IsInvalidRequest_ListingTheConfiguredNames()
    {
        await using var gw = await TestGateway.StartAsync(TwoModels);

        var reply = await gw.RequestAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams("X", Model: "gpt-9"));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains("Configured: fast, deep", reply.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((await gw.CallAsync<TemplatesListResult>("templates.list")).Templates, t => t.Name == "X");
    }

    [Theory]
    [InlineData("{\"name\":\"\"}", "name", "1 to 64")]
    [InlineData("{\"name\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", "name", "1 to 64")]
    [InlineData("{\"name\":\"a\\u200Bb\"}", "name", "invisible")]
    [InlineData("{\"name\":\"T\",\"tags\":[\"a/b\"]}", "tags", "not a valid tag")]
    [InlineData("{\"name\":\"T\",\"firstMessage\":\"/reset\"}", "firstMessage", "slash command")]
    [InlineData("{\"name\":\"T\",\"persistent\":\"yes\"}", null, "persistent")]
    public async Task Create_BadInput_IsInvalidRequest(string body, string? field, string message)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync($"{{\"method\":\"templates.create\",\"params\":{body}}}");

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains(message, reply.Error.Message, StringComparison.Ordinal);
        if (field is not null)
        {
            Assert.Equal(field, reply.Error.Detail<string>("field"));
        }
    }

    [Fact]
    public async Task Create_TooManyTags_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<TemplateEntryResult>("templates.create",
            new TemplatesCreateParams("Many", Tags: [.. Enumerable.Range(0, 21).Select(i => $"t{i}")]));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Contains("at most 20 tags", reply.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_ChangesOnlyWhatIsGiven_NullClears_RenameKeepsTheKey()
    {
        await using var gw = await TestGateway.StartAsync(TwoModels);
        await gw.CallAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams("Notes", SystemPrompt: "p", Model: "deep", Persistent: true, Tags: ["a"]));

        var patched = (await gw.CallAsync<TemplateEntryResult>("templates.patch", new TemplatesPatchParams("notes", Rename: "Meeting notes",
            Model: new Maybe<string?>(true, null), Persistent: new Maybe<bool?>(true, null), Tags: ["B"], ExpectedRev: 1))).Template;

        Assert.Equal("notes", patched.Key);
        Assert.Equal("Meeting notes", patched.Name);
        Assert.Equal("p", patched.SystemPrompt);
        Assert.Null(patched.Model);
        Assert.Null(patched.Persistent);
        Assert.Equal(["b"], patched.Tags);
        Assert.Equal(2, patched.Rev);
        Assert.Equal("Meeting notes", (await gw.CallAsync<TemplateEntryResult>("templates.get", new TemplateNameParams("meeting notes"))).Template.Name);
    }

    [Fact]
    public async Task Patch_Refusals_StaleRev_NameTaken_Unknown_Nothing()
    {
        await using var gw = await TestGateway.StartAsync();

        var stale = await gw.RequestAsync<TemplateEntryResult>("templates.patch", new { name = "writing-editor", description = "x", expectedRev = 7 });
        var taken = await gw.RequestAsync<TemplateEntryResult>("templates.patch", new { name = "writing-editor", rename = "daily JOURNAL" });
        var unknown = await gw.RequestAsync<TemplateEntryResult>("templates.patch", new { name = "nope", description = "x" });
        var nothing = await gw.RequestAsync<TemplateEntryResult>("templates.patch", new { name = "writing-editor" });

        Assert.Equal(ErrorCode.Conflict, stale.Error!.Code);
        Assert.Equal("expectedRev", stale.Error.Detail<string>("field"));
        Assert.Equal(ErrorCode.Conflict, taken.Error!.Code);
        Assert.Equal(ErrorCode.NotFound, unknown.Error!.Code);
        Assert.Equal("unknown_template", unknown.Error.Detail<string>("reason"));
        Assert.Equal(ErrorCode.InvalidRequest, nothing.Error!.Code);
        Assert.Equal(1, (await gw.CallAsync<TemplateEntryResult>("templates.get", new TemplateNameParams("writing-editor"))).Template.Rev);
    }

    [Fact]
    public async Task Delete_BuiltIn_IsGoneForGood_EvenAfterARestart()
    {
        using var dir = new TempDir();
        await using (var gw = await TestGateway.StartAsync(dataDir: dir.Path))
        {
            var deleted = await gw.CallAsync<TemplatesDeleteResult>("templates.delete", new TemplateNameParams("Daily journal"));
            var again = await gw.RequestAsync<TemplatesDeleteResult>("templates.delete", new TemplateNameParams("Daily journal"));

            Assert.Equal("daily-journal", deleted.Key);
            Assert.True(deleted.Template.BuiltIn);
            Assert.Equal(ErrorCode.NotFound, again.Error!.Code);
        }

        await using var restarted = await TestGateway.StartAsync(dataDir: dir.Path);
        var names = (await restarted.CallAsync<TemplatesListResult>("templates.list")).Templates.Select(t => t.Key);
        Assert.Equal(["coding-assistant", "writing-editor"], names);
    }

    [Fact]
    public async Task Create_AfterTheSameSlugIsUsed_GetsTheNextKey()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<TemplateEntryResult>("templates.patch", new { name = "coding-assistant", rename = "Code" });

        var created = (await gw.CallAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams("Coding Assistant"))).Template;

        Assert.Equal("coding-assistant-2", created.Key);
    }
}
