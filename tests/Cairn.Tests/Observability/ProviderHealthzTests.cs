using System.Net;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Observability;

/// <summary><c>/healthz</c> reports the model provider: degraded with the reason while it fails (still 200), ok again after a success.</summary>
public sealed class ProviderHealthzTests
{
    private const string ModelsBody = """{"object":"list","data":[{"id":"fake-model","object":"model"}]}""";

    internal static Task<TestGateway> StartAsync(string baseUrl, string apiKey = "sk-test") => TestGateway.StartAsync(c => c with
    {
        // A fixed window, so start-up asks the server nothing; no retries, so a failure is one request.
        Model = c.Model with { Provider = "openai", BaseUrl = baseUrl, Name = "fake-model", ApiKey = apiKey, MaxRetries = 0, ContextWindow = 8192 },
    });

    /// <summary>The base URL of a server that was listening a moment ago and is gone: connections are refused.</summary>
    internal static async Task<string> DownServerUrlAsync()
    {
        var fake = await FakeOpenAiServer.StartAsync();
        var url = fake.BaseUrl;
        await fake.DisposeAsync();
        return url;
    }

    [Fact]
    public async Task Healthz_IsDegradedWithTheReason_WhileTheProviderIsDown_AndStays200()
    {
        await using var gw = await StartAsync(await DownServerUrlAsync());

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("anyone there?", "main", Wait: true));
        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/healthz");

        Assert.Equal(SendStatus.Error, sent.Status);
        Assert.Equal(200, status);
        Assert.Equal("degraded", body!.Value.GetProperty("status").GetString());
        Assert.True(body.Value.GetProperty("store").GetProperty("reachable").GetBoolean());
        var provider = body.Value.GetProperty("provider");
        Assert.Equal("openai", provider.GetProperty("name").GetString());
        Assert.Equal("fake-model", provider.GetProperty("model").GetString());
        Assert.Equal("degraded", provider.GetProperty("state").GetString());
        Assert.Equal("unavailable", provider.GetProperty("reason").GetString());
        Assert.Contains("Could not reach the model provider", provider.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), provider.GetProperty("lastFailureAt").GetInt64());
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), provider.GetProperty("since").GetInt64());
    }

    [Fact]
    public async Task Healthz_IsOkAgain_AfterTheNextSuccessfulCall()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.FailWith = 503;
        await using var gw = await StartAsync(fake.BaseUrl);
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("first", "main", Wait: true));
        var failedAt = gw.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var (_, degraded) = await gw.Api.HealthAsync();
        Assert.Equal(HealthReport.Degraded, degraded!.Status);
        Assert.Equal("unavailable", degraded.Provider!.Reason);

        fake.FailWith = null;
        gw.Clock.Advance(TimeSpan.FromSeconds(5));
        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("second", "main", Wait: true));
        var (status, health) = await gw.Api.HealthAsync();

        Assert.Equal(SendStatus.Final, sent.Status);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HealthReport.Ok, health!.Status);
        var provider = health.Provider!;
        Assert.Equal(HealthProvider.Ok, provider.State);
        Assert.Null(provider.Reason);
        Assert.Null(provider.Message);
        Assert.Equal(0, provider.ConsecutiveFailures);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), provider.LastOkAt);
        Assert.Equal(gw.Clock.GetUtcNow().ToUnixTimeMilliseconds(), provider.Since);
        Assert.Equal(failedAt, provider.LastFailureAt);
    }

    [Fact]
    public async Task Healthz_OnAnIdleGateway_ProbesTheProvider_AndReportsTheProbesFailure()
    {
        await using var gw = await StartAsync(await DownServerUrlAsync());

        var (status, health) = await gw.Api.HealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HealthReport.Degraded, health!.Status);
        Assert.Equal("unavailable", health.Provider!.Reason);
        Assert.Equal(1, health.Provider.ConsecutiveFailures);
    }

    [Fact]
    public async Task TheProbe_RunsAtMostOncePer30Seconds_ForHealthzAndReadyzTogether()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.ModelsBody = ModelsBody;
        await using var gw = await StartAsync(fake.BaseUrl);

        var (_, first) = await gw.Api.HealthAsync();
        await gw.Api.HealthAsync();
        await ObservabilityHelpers.GetAsync(gw, "/readyz");
        gw.Clock.Advance(ProviderHealthMonitor.ProbeAfter - TimeSpan.FromSeconds(1));
        await gw.Api.HealthAsync();

        Assert.Equal(HealthProvider.Ok, first!.Provider!.State);
        Assert.Equal(1, fake.ModelsRequests);

        fake.ModelsBody = null; // the next probe gets 404: the configured model's endpoint is gone
        gw.Clock.Advance(TimeSpan.FromSeconds(1));
        var (status, later) = await gw.Api.HealthAsync();

        Assert.Equal(2, fake.ModelsRequests);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HealthReport.Degraded, later!.Status);
        Assert.Equal("bad_request", later.Provider!.Reason);
    }

    [Fact]
    public async Task Healthz_NeverContainsTheApiKey_EvenWhenTheProviderEchoesIt()
    {
        const string key = "cairn-test-key-7f3a9b2c41d8";
        await using var fake = await FakeOpenAiServer.StartAsync();
        fake.Replies.Enqueue(FakeReply.Error(401, $$$"""
            {"error":{"message":"Incorrect API key provided: {{{key}}}. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","code":"invalid_api_key"}}
            """));
        await using var gw = await StartAsync(fake.BaseUrl, apiKey: key);

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "main", Wait: true));
        var (_, _, healthz) = await ObservabilityHelpers.GetAsync(gw, "/healthz");
        var (_, _, readyz) = await ObservabilityHelpers.GetAsync(gw, "/readyz");
        var healthText = await healthz.Content.ReadAsStringAsync();
        var readyText = await readyz.Content.ReadAsStringAsync();

        Assert.Equal("auth", sent.Reason);
        Assert.Contains("Incorrect API key provided", healthText, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"auth\"", healthText, StringComparison.Ordinal);
        Assert.DoesNotContain(key, healthText, StringComparison.Ordinal);
        Assert.DoesNotContain(key, readyText, StringComparison.Ordinal);
    }
}
