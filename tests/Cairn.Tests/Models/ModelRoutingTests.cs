using System.Text.Json;
using Cairn.Chat.Models;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.OpenAi;
using Cairn.Tests.Support;

namespace Cairn.Tests.Models;

/// <summary>
/// Several models, one per session, against two real OpenAI-compatible servers (two <c>@dwmkerr/mock-llm</c>
/// processes): each answers with its own name and the upstream model and key it was asked with, so every reply says
/// which endpoint the gateway routed the turn to.
/// </summary>
public sealed class ModelRoutingTests : IAsyncLifetime
{
    private MockLlmServer _a = null!;
    private MockLlmServer _b = null!;

    public async Task InitializeAsync()
    {
        (_a, _b) = (await MockLlmServer.StartAsync(), await MockLlmServer.StartAsync());
        await _a.ConfigureAsync(Rules("A"));
        await _b.ConfigureAsync(Rules("B"));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private static string Rules(string server) => $$$"""
        streaming:
          chunkSize: 100
          chunkIntervalMs: 1
        rules:
          - path: /v1/chat/completions
            response:
              status: 200
              content: '{"id":"c1","model":"m","choices":[{"message":{"role":"assistant","content":"server {{{server}}} for {{jmes request body.model}} with {{jmes request headers.authorization}}"},"finish_reason":"stop"}]}'
        """;

    private static ModelEntry Entry(string name, MockLlmServer server, string upstream, int window) =>
        new(name, CairnConfig.Default.Model with
        {
            Provider = "openai", BaseUrl = server.BaseUrl, Name = upstream, ApiKey = $"key-{name}", MaxRetries = 0,
            ContextWindow = window, MaxOutputTokens = 256,
        });

    private Func<CairnConfig, CairnConfig> Both => c => c.WithModels([Entry("alpha", _a, "upstream-a", 8192), Entry("beta", _b, "upstream-b", 4096)], "alpha");

    private static async Task<string> ReplyAsync(TestGateway gw, string key, string message)
    {
        var sent = await gw.SendAsync(key, message);
        Assert.Equal(SendStatus.Final, sent.Status);
        return sent.Message!.Text;
    }

    private static Task<SessionEntryResult> PatchModelAsync(TestGateway gw, string key, string? model) =>
        gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Model: model));

    [Fact]
    public async Task APinnedSession_IsAnsweredByItsModelsServer_AndTheOthersByTheDefault()
    {
        await using var gw = await TestGateway.StartAsync(Both);
        var work = (await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"))).Key;

        var pinned = (await PatchModelAsync(gw, work, "BETA")).Entry;

        Assert.Equal(("beta", "beta"), (pinned.Model, pinned.EffectiveModel));
        Assert.Equal("server B for upstream-b with Bearer key-beta", await ReplyAsync(gw, work, "hello"));
        Assert.Equal("server A for upstream-a with Bearer key-alpha", await ReplyAsync(gw, "main", "hello"));

        // The context budget (and the meter it records) is the session's model's window.
        Assert.Equal(4096, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(work))).Entry.ContextWindow);
        Assert.Equal(8192, (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.ContextWindow);

        var cleared = (await PatchModelAsync(gw, work, null)).Entry;
        Assert.Equal((null, "alpha"), (cleared.Model, cleared.EffectiveModel));
        Assert.Equal("server A for upstream-a with Bearer key-alpha", await ReplyAsync(gw, work, "again"));
    }

    [Fact]
    public async Task ASessionWhoseModelWasRemoved_FallsBackToTheDefault_WithOneNotice()
    {
        using var dir = new TempDir();
        await using (var before = await TestGateway.StartAsync(Both, dataDir: dir.Path))
        {
            await PatchModelAsync(before, "main", "beta");
            Assert.StartsWith("server B", await ReplyAsync(before, "main", "first"), StringComparison.Ordinal);
        }

        await using var gw = await TestGateway.StartAsync(c => c.WithModels([Entry("alpha", _a, "upstream-a", 8192)]), dataDir: dir.Path);
        var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry;

        Assert.Equal(("beta", "alpha"), (entry.Model, entry.EffectiveModel));
        Assert.StartsWith("server A", await ReplyAsync(gw, "main", "second"), StringComparison.Ordinal);
        Assert.StartsWith("server A", await ReplyAsync(gw, "main", "third"), StringComparison.Ordinal);
        var rows = await gw.AllRowsAsync("main");
        var notice = Assert.Single(rows, r => r.Role == MessageRoles.Notice);
        Assert.Equal(ModelFallbackNotices.Text("beta", "alpha"), notice.Text);
        Assert.Equal(["user", "assistant", "user", "notice", "assistant", "user", "assistant"], rows.Select(r => r.Role));
        var listed = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("/model", "main"));
        Assert.Contains("set to 'beta', which is no longer configured", listed.Command!.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModelCommand_ListsMarksSetsAndClears()
    {
        await using var gw = await TestGateway.StartAsync(Both);
        Task<CommandReply> Command(string text) =>
            gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(text, "main")).ContinueWith(t => t.Result.Command!, TaskScheduler.Default);

        var list = (await Command("/model")).Reply;
        Assert.Contains("▸ alpha (openai upstream-a, 8192 tokens) — default", list, StringComparison.Ordinal);
        Assert.Contains("  beta (openai upstream-b, 4096 tokens)", list, StringComparison.Ordinal);

        Assert.Equal("'Main' now uses beta. /model default goes back to the default model.", (await Command("/model beta")).Reply);
        Assert.Contains("▸ beta", (await Command("/model")).Reply, StringComparison.Ordinal);
        Assert.Equal("beta", (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.Model);

        Assert.Equal("No model is named 'gamma'. Configured: alpha, beta (default alpha).", (await Command("/model gamma")).Reply);
        Assert.Equal("'Main' now uses the default model, alpha.", (await Command("/model default")).Reply);
        Assert.Null((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.Model);
    }

    [Fact]
    public async Task AnUnknownModel_IsInvalidRequest_ListingTheNames()
    {
        await using var gw = await TestGateway.StartAsync(Both);

        var reply = await gw.RequestAsync("sessions.patch", new { key = "main", model = "gpt-5" });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(ErrorCode.InvalidRequest, reply.Error!.Code);
        Assert.Equal("model", reply.Error.Detail<string>("field"));
        Assert.Equal(["alpha", "beta"], reply.Error.Detail<string[]>("models")!);
        Assert.Null((await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("main"))).Entry.Model);
    }

    [Fact]
    public async Task TheHelloAndModelsList_ListTheModels_WithoutBaseUrlsOrKeys()
    {
        await using var gw = await TestGateway.StartAsync(Both);
        await using var ws = await gw.ConnectWsAsync();

        var hello = ws.Hello!;
        var listed = await gw.CallAsync<ModelsListResult>("models.list");

        Assert.Equal(["alpha", "beta"], hello.Models!.Select(m => m.Name));
        Assert.Equal(new ModelSummary("alpha", "openai", "upstream-a", 8192, true, false) { Health = "ok" }, hello.Models![0]);
        Assert.Equal(new ModelSummary("beta", "openai", "upstream-b", 4096, false, false) { Health = "ok" }, hello.Models![1]);
        Assert.Equal(hello.Models, listed.Models);
        Assert.Equal("alpha", listed.DefaultModel);
        var json = JsonSerializer.Serialize(hello, ProtocolJson.Options) + JsonSerializer.Serialize(listed, ProtocolJson.Options);
        Assert.DoesNotContain("key-", json, StringComparison.Ordinal);
        Assert.DoesNotContain(_a.BaseUrl, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenAiModelList_NamesEachSessionsModel_AndTheConfiguredOnes()
    {
        await using var gw = await TestGateway.StartAsync(c => Both(c) with { Gateway = c.Gateway with { OpenAi = new OpenAiConfig(true) } });
        await PatchModelAsync(gw, "main", "beta");

        var (status, list) = await OpenAiClient.GetAsync(gw, "/v1/models");

        Assert.Equal(200, status);
        var main = list.GetProperty("data").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "cairn:main");
        Assert.Equal("beta", main.GetProperty("cairn_model").GetString());
        Assert.Equal(["alpha", "beta"], list.GetProperty("cairn_models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }
}
