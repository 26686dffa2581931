using System.Text.Json;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.OpenAi;

/// <summary>When the model provider fails, or the client leaves, behind <c>/v1/chat/completions</c>.</summary>
public sealed class CompletionFailureTests
{
    [Fact]
    public async Task ProviderFailure_Whole_Is500RunFailed_AndStreamed_IsOneErrorEventAfterTheRole()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.FailWith = 401;
        await using var gw = await StartAsync(fake);

        var (status, body, _) = await OpenAiClient.PostAsync(gw, OpenAiClient.User("hi"));
        Assert.Equal(500, status);
        var error = OpenAiClient.Error(body);
        Assert.Equal("run_failed", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Contains("model.apiKey", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        var (streamStatus, text, _) = await OpenAiClient.PostRawAsync(gw, JsonSerializer.Serialize(OpenAiClient.User("hi again", stream: true)));
        Assert.Equal(200, streamStatus);
        var events = OpenAiClient.Events(text);
        Assert.Equal(2, events.Count);
        Assert.Equal("assistant", JsonDocument.Parse(events[0]).RootElement.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("run_failed", OpenAiClient.Error(JsonDocument.Parse(events[1]).RootElement).GetProperty("code").GetString());
        Assert.DoesNotContain("[DONE]", events);
    }

    [Fact]
    public async Task ClientLeavingMidStream_StopsTheRun_AndKeepsTheTextSoFar()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Hold = true;
        await using var gw = await StartAsync(fake);
        await using var watcher = await gw.ConnectWsAsync();
        using var leave = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(OpenAiClient.User("a long story", stream: true)), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", gw.Token);

        using var response = await gw.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token);
        await fake.FirstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await watcher.NextEventAsync<ChatEvent>(e => e.State == RunState.Delta);
        await leave.CancelAsync();
        response.Dispose();

        var end = await watcher.NextEventAsync<ChatEvent>(e => e.State != RunState.Delta);
        Assert.Equal(RunState.Aborted, end.State);
        var history = await gw.OkAsync("chat.history", new { sessionKey = "main" });
        Assert.Equal(["a long story", "Hello"], history.GetProperty("messages").EnumerateArray()
            .Where(m => m.GetProperty("role").GetString() is "user" or "assistant").Select(m => m.GetProperty("text").GetString()));
    }

    private static Task<TestGateway> StartAsync(FakeOpenAiServer fake) => TestGateway.StartAsync(c => c with
    {
        Gateway = c.Gateway with { OpenAi = new OpenAiConfig(true) },
        Model = c.Model with { Provider = "openai", BaseUrl = fake.BaseUrl, ApiKey = "sk-test" },
    });
}
