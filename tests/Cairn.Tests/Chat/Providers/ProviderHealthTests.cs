using System.Text.Json;
using Cairn.Chat.Providers;
using Cairn.Config;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Chat.Providers;

/// <summary>The provider health state, its probe, and reading the server's context window.</summary>
public sealed class ProviderHealthTests
{
    private readonly ManualTimeProvider _clock = new();

    private static ProviderFailure Failure(string reason, int? status = null) => new(reason, "why") { Status = status };

    [Fact]
    public void StartsOk_WithNothingRecorded()
    {
        var health = new ProviderHealth(_clock);

        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
        Assert.Null(health.LastCheckedAt);
        Assert.False(health.HasProbe);
    }

    [Fact]
    public void AFailure_Degrades_SinceItsFirstFailure_AndASuccessRecovers()
    {
        var health = new ProviderHealth(_clock);
        var first = _clock.GetUtcNow();

        health.RecordFailure(Failure(ProviderReasons.Unavailable));
        _clock.Advance(TimeSpan.FromMinutes(1));
        health.RecordFailure(Failure(ProviderReasons.Timeout));

        Assert.Equal(ProviderHealthStatus.Degraded, health.Status.State);
        Assert.Equal(ProviderReasons.Timeout, health.Status.Reason);
        Assert.Equal(first, health.Status.Since);
        Assert.Equal(2, health.Status.ConsecutiveFailures);

        _clock.Advance(TimeSpan.FromMinutes(1));
        health.RecordSuccess();
        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
        Assert.Equal(_clock.GetUtcNow(), health.Status.Since);
        Assert.Equal(0, health.Status.ConsecutiveFailures);
        Assert.Equal(_clock.GetUtcNow(), health.LastCheckedAt);
    }

    [Theory]
    [InlineData(ProviderReasons.ContextOverflow, 400)]
    [InlineData(ProviderReasons.ContentFilter, 400)]
    [InlineData(ProviderReasons.BadRequest, 400)]
    public void FailuresOfOneRequest_LeaveTheStateAlone(string reason, int status)
    {
        var health = new ProviderHealth(_clock);

        health.RecordFailure(Failure(reason, status));

        Assert.Equal(ProviderHealthStatus.Ok, health.Status.State);
    }

    [Theory]
    [InlineData(ProviderReasons.Auth, 401)]
    [InlineData(ProviderReasons.RateLimited, 429)]
    [InlineData(ProviderReasons.ProviderError, 500)]
    [InlineData(ProviderReasons.BadRequest, 404)]
    public void FailuresOfTheProvider_Degrade(string reason, int status)
    {
        var health = new ProviderHealth(_clock);

        health.RecordFailure(Failure(reason, status));

        Assert.Equal(ProviderHealthStatus.Degraded, health.Status.State);
    }

    [Fact]
    public async Task TheProbe_AsksForTheModels_AndRecordsTheAnswer()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var client = ChatClientFactory.Create(CairnConfig.Default.Model with { Provider = "openai", BaseUrl = server.BaseUrl }, _ => null, _clock);
        var health = client.GetService<ProviderHealth>()!;

        var down = await health.ProbeAsync(CancellationToken.None);
        server.ModelsBody = """{"object":"list","data":[{"id":"fake-model","object":"model"}]}""";
        var up = await health.ProbeAsync(CancellationToken.None);

        Assert.Equal(ProviderHealthStatus.Degraded, down.State);
        Assert.Equal(ProviderReasons.BadRequest, down.Reason);
        Assert.Equal(ProviderHealthStatus.Ok, up.State);
    }

    [Fact]
    public async Task TheProbe_OfAServerThatIsNotThere_SaysUnavailable()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var client = ChatClientFactory.Create(CairnConfig.Default.Model with { Provider = "openai", BaseUrl = $"http://127.0.0.1:{port}/v1" }, _ => null, _clock);

        var status = await client.GetService<ProviderHealth>()!.ProbeAsync(CancellationToken.None);

        Assert.Equal(ProviderReasons.Unavailable, status.Reason);
    }

    [Fact]
    public void TheEchoClient_HasHealthToo()
    {
        var client = ChatClientFactory.Create(CairnConfig.Default.Model, _ => null, _clock);

        Assert.Equal(ProviderHealthStatus.Ok, client.GetService<ProviderHealth>()!.Status.State);
    }

    [Theory]
    [InlineData("""{"default_generation_settings":{"n_ctx":4096,"n_predict":-1},"total_slots":1}""", 4096)]
    [InlineData("""{"n_ctx":1024}""", 1024)]
    [InlineData("""{"default_generation_settings":{}}""", null)]
    public void Props_GiveLlamaCppsContextSize(string json, int? expected) =>
        Assert.Equal(expected, ContextWindowProbe.FromProps(JsonDocument.Parse(json).RootElement));

    [Theory]
    [InlineData("""{"data":[{"id":"m","meta":{"n_ctx_train":128,"n_vocab":512}}]}""", "other", 128)]
    [InlineData("""{"data":[{"id":"a","max_model_len":2048},{"id":"b","max_model_len":4096}]}""", "b", 4096)]
    [InlineData("""{"data":[{"id":"a","max_model_len":2048},{"id":"b","max_model_len":4096}]}""", "c", null)]
    [InlineData("""{"data":[{"id":"m","context_length":131072}]}""", "m", 131072)]
    [InlineData("""{"data":[{"id":"m","object":"model"}]}""", "m", null)]
    public void Models_GiveTheModelsContextSize(string json, string model, int? expected) =>
        Assert.Equal(expected, ContextWindowProbe.FromModels(JsonDocument.Parse(json).RootElement, model));

    [Theory]
    [InlineData("http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/")]
    [InlineData("http://host/llama/v1/", "http://host/llama/")]
    [InlineData("http://host:1234", "http://host:1234/")]
    public void TheServerRoot_DropsV1(string baseUrl, string root) => Assert.Equal(root, ContextWindowProbe.RootOf(new Uri(baseUrl)).AbsoluteUri);

    [Fact]
    public async Task ContextWindow_ConfiguredWins_ThenProps_ThenModels_ThenTheDefault()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        var model = CairnConfig.Default.Model with { Provider = "openai", BaseUrl = server.BaseUrl, Name = "tiny" };

        var byDefault = await ChatClientFactory.ContextWindowAsync(model, _ => null, _clock);
        server.ModelsBody = """{"data":[{"id":"tiny","meta":{"n_ctx_train":128}}]}""";
        var byModels = await ChatClientFactory.ContextWindowAsync(model, _ => null, _clock);
        server.PropsBody = """{"default_generation_settings":{"n_ctx":512}}""";
        var byProps = await ChatClientFactory.ContextWindowAsync(model, _ => null, _clock);
        var configured = await ChatClientFactory.ContextWindowAsync(model with { ContextWindow = 4000 }, _ => null, _clock);

        Assert.Equal([8192, 128, 512, 4000], [byDefault, byModels, byProps, configured]);
        Assert.Equal(2048, await ChatClientFactory.ContextWindowAsync(CairnConfig.Default.Model, _ => null, _clock));
    }
}
