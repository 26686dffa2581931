using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Cairn.Config;
using Cairn.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Support;

/// <summary>
/// The real gateway host, in-process, listening on a free loopback port (real Kestrel, real WebSocket) over a
/// real SQLite file in a temp data dir. Each test makes its own.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly TempDir? _ownedDir;

    private TestGateway(GatewayHost host, TempDir? ownedDir, ManualTimeProvider clock)
    {
        Host = host;
        _ownedDir = ownedDir;
        Clock = clock;
        Http = new HttpClient { BaseAddress = host.Address };
        if (host.Token is { } token)
        {
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public GatewayHost Host { get; }

    public HttpClient Http { get; }

    public ManualTimeProvider Clock { get; }

    public string DataDir => Host.DataDirectory;

    public string? Token => Host.Token;

    public T Service<T>() where T : notnull => Host.App.Services.GetRequiredService<T>();

    public static async Task<TestGateway> StartAsync(Func<CairnConfig, CairnConfig>? configure = null, string? dataDir = null,
        ManualTimeProvider? clock = null, Action<IServiceCollection>? services = null)
    {
        var owned = dataDir is null ? new TempDir() : null;
        var config = CairnConfig.Default with { Gateway = CairnConfig.Default.Gateway with { Port = 0 } };
        config = configure?.Invoke(config) ?? config;
        clock ??= new ManualTimeProvider();
        var host = await GatewayHost.StartAsync(new GatewayStartOptions(dataDir ?? owned!.Path, config)
        {
            Time = clock,
            LogLevel = LogLevel.Warning,
            ConfigureServices = services,
        });
        return new TestGateway(host, owned, clock);
    }

    public async Task<ApiReply> CallAsync(string method, object? parameters = null)
    {
        var body = JsonSerializer.Serialize(new { method, @params = parameters });
        return await PostRawAsync(body);
    }

    public async Task<ApiReply> PostRawAsync(string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await Http.PostAsync(new Uri("/api", UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiReply(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Calls and asserts success, returning the result.</summary>
    public async Task<JsonElement> OkAsync(string method, object? parameters = null)
    {
        var reply = await CallAsync(method, parameters);
        Assert.True(reply.Ok, $"{method} failed: {reply}");
        return reply.Result;
    }

    public async Task<WsTestClient> ConnectWsAsync(bool handshake = true, string? origin = null)
    {
        var socket = new ClientWebSocket();
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        var uri = new UriBuilder(Host.Address) { Scheme = "ws", Path = "/ws" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        var client = new WsTestClient(socket);
        if (handshake)
        {
            var hello = await client.RequestAsync("connect", new { token = Token, client = new { name = "test", version = "1" } });
            Assert.True(hello.GetProperty("ok").GetBoolean(), hello.ToString());
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        _ownedDir?.Dispose();
    }
}
