using Cairn.Chat;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Templates;

/// <summary><c>sessions.create {template}</c>: what it copies, what wins over it, what later edits leave alone, the first message.</summary>
public sealed class SessionFromTemplateTests
{
    private static async Task<TemplateEntry> TemplateAsync(TestGateway gw, string? firstMessage = null) =>
        (await gw.CallAsync<TemplateEntryResult>("templates.create", new TemplatesCreateParams("Research", SystemPrompt: "Cite sources.",
            Model: "deep", Persistent: false, Tags: ["Research", "reading"], Description: "Reading papers", FirstMessage: firstMessage))).Template;

    [Fact]
    public async Task Create_FromTemplate_CopiesEveryValue_AndIsStored()
    {
        await using var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels);
        await TemplateAsync(gw);

        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper 1", Template: "research"));
        var stored = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(created.Key))).Entry;

        Assert.Equal("research", created.Template);
        Assert.Null(created.FirstRunId);
        foreach (var entry in new[] { created.Entry, stored })
        {
            Assert.Equal(("Cite sources.", "deep", "deep", false, "Reading papers"),
                (entry.SystemPrompt, entry.Model, entry.EffectiveModel, entry.Persistent, entry.Description));
            Assert.Equal(["reading", "research"], entry.Tags);
        }

        Assert.Equal(1, (await gw.CallAsync<TagsListResult>("tags.list")).Tags.Single(t => t.Tag == "research").Count);
    }

    [Fact]
    public async Task Create_ExplicitParams_WinOverTheTemplate()
    {
        await using var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels);
        await TemplateAsync(gw);

        var entry = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper 2", Description: "Mine",
            Persistent: true, Template: "Research", SystemPrompt: "Be brief.", Model: "fast", Tags: ["solo"]))).Entry;

        Assert.Equal(("Be brief.", "fast", true, "Mine"), (entry.SystemPrompt, entry.Model, entry.Persistent, entry.Description));
        Assert.Equal(["solo"], entry.Tags);
    }

    [Fact]
    public async Task LaterTemplateEdits_AndDeletion_DoNotChangeExistingSessions()
    {
        await using var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels);
        await TemplateAsync(gw);
        var before = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper 3", Template: "research"))).Entry;

        await gw.CallAsync<TemplateEntryResult>("templates.patch",
            new { name = "research", systemPrompt = "Changed.", model = "fast", persistent = true, tags = new[] { "other" }, description = "New" });
        var afterEdit = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(before.Key))).Entry;
        var fromEdited = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper 4", Template: "research"))).Entry;
        await gw.CallAsync<TemplatesDeleteResult>("templates.delete", new TemplateNameParams("research"));
        var afterDelete = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(before.Key))).Entry;

        Assert.Equal(before.Rev, afterEdit.Rev);
        Assert.Equal(("Cite sources.", "deep", false), (afterEdit.SystemPrompt, afterEdit.Model, afterEdit.Persistent));
        Assert.Equal(["reading", "research"], afterDelete.Tags);
        Assert.Equal(("Changed.", "fast", true), (fromEdited.SystemPrompt, fromEdited.Model, fromEdited.Persistent));
        Assert.Equal(["other"], fromEdited.Tags);
    }

    [Fact]
    public async Task Create_UnknownTemplate_IsNotFoundWithReason_AndCreatesNothing()
    {
        await using var gw = await TestGateway.StartAsync();
        var count = (await gw.CallAsync<SessionsListResult>("sessions.list")).Total;

        var reply = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Ghost", Template: "no-such"));

        Assert.Equal(ErrorCode.NotFound, reply.Error!.Code);
        Assert.Equal("unknown_template", reply.Error.Detail<string>("reason"));
        Assert.Equal("no-such", reply.Error.Detail<string>("template"));
        Assert.Equal(count, (await gw.CallAsync<SessionsListResult>("sessions.list")).Total);
    }

    [Fact]
    public async Task Create_WithoutTemplate_UnknownModelOrBadTag_IsInvalidRequest_AndCreatesNothing()
    {
        await using var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels);

        var model = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("A", Model: "nope"));
        var tag = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("A", Tags: ["a b/c"]));

        Assert.Equal(ErrorCode.InvalidRequest, model.Error!.Code);
        Assert.Equal(ErrorCode.InvalidRequest, tag.Error!.Code);
        Assert.Equal(ErrorCode.NotFound, (await gw.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("a"))).Error!.Code);
    }

    [Fact]
    public async Task Create_TemplateModelNoLongerConfigured_FallsBackToTheDefault()
    {
        using var dir = new TempDir();
        await using (var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels, dataDir: dir.Path))
        {
            await TemplateAsync(gw);
        }

        await using var restarted = await TestGateway.StartAsync(dataDir: dir.Path);
        var entry = (await restarted.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper", Template: "research"))).Entry;

        Assert.Null(entry.Model);
        Assert.Equal("echo", entry.EffectiveModel);
        Assert.Equal("Cite sources.", entry.SystemPrompt);
    }

    [Fact]
    public async Task Create_WithFirstMessage_SendsItThroughChat_AndTheModelAnswers()
    {
        await using var gw = await TestGateway.StartAsync(TemplatesApiTests.TwoModels);
        await TemplateAsync(gw, firstMessage: "Which paper first?");

        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Paper 5", Template: "research"));
        if (gw.Service<ChatRuns>().Active(created.Key) is { } run)
        {
            Assert.Equal(created.FirstRunId, run.RunId);
            await run.Completion.WaitAsync(GatewayChat.SendCap);
        }

        var rows = await gw.AllRowsAsync(created.Key);
        Assert.NotNull(created.FirstRunId);
        Assert.Equal([MessageRoles.User, MessageRoles.Assistant], rows.Select(r => r.Role));
        Assert.Equal("Which paper first?", rows[0].Text);
        Assert.Contains("Which paper first?", rows[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(TestStore.Trait, TestStore.SqliteOnly)]
    public async Task MigratedStore_GetsTheBuiltIns_AndItsSessionsCanUseThem()
    {
        using var dir = new TempDir();
        var before = Migrations.Steps.Select((sql, i) => (sql, i)).Single(s => s.sql.Contains("CREATE TABLE templates", StringComparison.Ordinal)).i;
        using (var old = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName), migrateTo: before))
        {
            await new SessionStore(old).CreateAsync(new NewSession("old", true, "Old", null, true, true, SessionKind.Named, Guid.NewGuid().ToString()), 1);
        }

        await using var gw = await TestGateway.StartAsync(dataDir: dir.Path);
        var names = (await gw.CallAsync<TemplatesListResult>("templates.list")).Templates.Select(t => t.Key);
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("New", Template: "coding assistant"));

        Assert.Equal(["coding-assistant", "daily-journal", "writing-editor"], names);
        Assert.Equal(["code"], created.Entry.Tags);
        Assert.Equal("Old", (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("old"))).Entry.Label);
    }
}
