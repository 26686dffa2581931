using Cairn.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;

namespace Cairn.Tests.Observability;

/// <summary><c>/readyz</c> follows the model provider's health as the chat feature records it.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_Is503_WhileTheProviderIsDegraded_And200_AfterItRecovers()
    {
        await using var gw = await TestGateway.StartAsync();
        var health = gw.Service<IChatClient>().GetService<ProviderHealth>()!;

        health.RecordFailure(new ProviderFailure(ProviderReasons.Unavailable, "connection refused") { Hint = "The model endpoint cannot be reached." });
        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/readyz");

        Assert.Equal(503, status);
        Assert.Equal("not_ready", body!.Value.GetProperty("status").GetString());
        var provider = body.Value.GetProperty("checks").GetProperty("provider");
        Assert.False(provider.GetProperty("ready").GetBoolean());
        Assert.Equal("degraded", provider.GetProperty("details").GetProperty("state").GetString());
        Assert.Equal("unavailable", provider.GetProperty("details").GetProperty("reason").GetString());
        Assert.Contains("cannot be reached", provider.GetProperty("problem").GetString(), StringComparison.Ordinal);

        health.RecordSuccess();
        (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/readyz");

        Assert.Equal(200, status);
        Assert.Equal("ok", body!.Value.GetProperty("checks").GetProperty("provider").GetProperty("details").GetProperty("state").GetString());
    }
}
