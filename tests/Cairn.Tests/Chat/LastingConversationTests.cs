using System.Text.Json;
using Cairn.Tests.Support;

namespace Cairn.Tests.Chat;

/// <summary>Issue 14: a persistent session outlives the model's context window; a failed turn does not break it.</summary>
public sealed class LastingConversationTests
{
    private const int Window = 2000;

    private static Task<TestGateway> StartAsync(string baseUrl) => TestGateway.StartAsync(c => c with
    {
        Model = c.Model with
        {
            Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = "sk-test", ContextWindow = Window, MaxOutputTokens = 256,
        },
    });

    [Fact]
    public async Task ThreeHundredTurns_InAnEnforcedWindow_NeverFail_AndNothingIsLost()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.EnforcedWindow = Window;
        await using var gw = await StartAsync(fake.BaseUrl);
        await gw.OkAsync("sessions.create", new { label = "Forever", persistent = true });

        const int turns = 300;
        for (var i = 1; i <= turns; i++)
        {
            var result = await gw.OkAsync("chat.send", new { sessionKey = "forever", message = $"turn {i}: remember the number {i * 7}", wait = true });
            Assert.Equal("final", result.GetProperty("status").GetString());
        }

        var rows = await AllRowsAsync(gw, "forever");
        var users = rows.Where(r => r.GetProperty("role").GetString() == "user").Select(r => r.GetProperty("text").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, turns).Select(i => $"turn {i}: remember the number {i * 7}"), users);
        var summaries = rows.Count(r => r.GetProperty("role").GetString() == "summary");
        Assert.True(summaries >= 1);
        Assert.DoesNotContain(rows, r => r.GetProperty("role").GetString() == "error");
        Assert.True(fake.PromptTokens.Max() <= Window, $"max prompt {fake.PromptTokens.Max()} > {Window}");
        Console.WriteLine($"300 turns: {summaries} summaries, {fake.Requests.Count} requests, max prompt {fake.PromptTokens.Max()} of {Window}");
        var entry = (await gw.OkAsync("sessions.get", new { key = "forever" })).GetProperty("entry");
        Assert.Equal(Window, entry.GetProperty("contextWindow").GetInt64());
        Assert.InRange(entry.GetProperty("contextTokens").GetInt64(), 1, Window);
    }

    [Fact]
    public async Task FailedTurn_StoresAnErrorWithReason_AndTheNextSendNeverSendsTwoUserMessagesInARow()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        await using var gw = await StartAsync(fake.BaseUrl);
        fake.FailWith = 401;
        var failed = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "first", wait = true });
        Assert.Equal("error", failed.GetProperty("status").GetString());
        Assert.Equal("auth", failed.GetProperty("reason").GetString());

        fake.FailWith = null;
        var ok = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "second", wait = true });
        Assert.Equal("final", ok.GetProperty("status").GetString());

        var roles = fake.Requests.Last()["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        for (var i = 1; i < roles.Count; i++)
        {
            Assert.False(roles[i] == "user" && roles[i - 1] == "user", string.Join(",", roles));
        }

        var rows = await AllRowsAsync(gw, "main");
        var error = Assert.Single(rows, r => r.GetProperty("role").GetString() == "error");
        Assert.Equal("auth", error.GetProperty("reason").GetString());
    }

    private static async Task<List<JsonElement>> AllRowsAsync(TestGateway gw, string key)
    {
        var all = new List<JsonElement>();
        long? before = null;
        while (true)
        {
            var page = (await gw.OkAsync("chat.history", new { sessionKey = key, limit = 500, before })).GetProperty("messages")
                .EnumerateArray().ToList();
            all.InsertRange(0, page);
            if (page.Count < 500)
            {
                return all;
            }

            before = page[0].GetProperty("seq").GetInt64();
        }
    }
}
