using System.Text.Json;
using Cairn.Observability;
using Cairn.Tests.Observability;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Transport;

/// <summary>The UI's page only for its routes, its files from the assembly, and a JSON 404 for every other path.</summary>
public sealed class RoutingTests
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/ready")]
    [InlineData("/swagger")]
    [InlineData("/api/sessions")]
    [InlineData("/v1/models")]
    [InlineData("/assets/missing.js")]
    [InlineData("/chat/extra")]
    [InlineData("/wp-login.php")]
    public async Task NonUiPaths_Are404_WithAJsonBody(string path)
    {
        await using var gw = await TestGateway.StartAsync();

        using var response = await gw.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var code = body.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.GetString() : null;
        Assert.Contains(code, new[] { "NOT_FOUND", "not_found" });
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/chat")]
    [InlineData("/chat/")]
    [InlineData("/sessions")]
    [InlineData("/sessions/")]
    public async Task UiRoutes_GetThePage_FromTheEmbeddedFiles(string path)
    {
        await using var gw = await TestGateway.StartAsync();

        using var response = await gw.Http.GetAsync(new Uri(path + "?session=work", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<cairn-app>", html, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Assets_AreServedWithTheirTypes_AndCachedForever()
    {
        await using var gw = await TestGateway.StartAsync();
        var html = await gw.Http.GetStringAsync(new Uri("/", UriKind.Relative));
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;

        using var response = await gw.Http.GetAsync(new Uri(script, UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_Is200_WhenEveryCheckIsReady()
    {
        await using var gw = await TestGateway.StartAsync();

        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/readyz");

        Assert.Equal(200, status);
        Assert.Equal("ready", body!.Value.GetProperty("status").GetString());
        Assert.True(body.Value.GetProperty("checks").GetProperty("store").GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Readyz_Is503_WhenAPluggedInCheckIsNotReady()
    {
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<IReadinessCheck>(new NotReady()));

        var (status, body, _) = await ObservabilityHelpers.GetAsync(gw, "/readyz");

        Assert.Equal(503, status);
        Assert.Equal("not_ready", body!.Value.GetProperty("status").GetString());
        var provider = body.Value.GetProperty("checks").GetProperty("provider");
        Assert.False(provider.GetProperty("ready").GetBoolean());
        Assert.Equal("the model endpoint answered 503", provider.GetProperty("problem").GetString());
        Assert.True(body.Value.GetProperty("checks").GetProperty("store").GetProperty("ready").GetBoolean());
    }

    /// <summary>Stands in for the provider health the chat feature plugs in.</summary>
    private sealed class NotReady : IReadinessCheck
    {
        public string Name => "provider";

        public ValueTask<ReadinessResult> CheckAsync(CancellationToken ct) => ValueTask.FromResult(new ReadinessResult(false, "the model endpoint answered 503"));
    }
}
