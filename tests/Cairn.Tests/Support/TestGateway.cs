using System.Net.Http.Headers;
using System.Text.Json;
using Cairn.Config;
using Cairn.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Support;

/// <summary>
/// The real gateway host, in-process, listening on a free loopback port (real Kestrel, real WebSocket) over a
/// real SQLite file in a temp data dir, or on a PostgreSQL run (<see cref="TestStore"/>) a fresh PostgreSQL database.
/// Each test makes its own.
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

        Api = new CairnHttpClient(Http);
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
        // The test clock stands still unless a test moves it, so a per-second budget would never refill: the HTTP
        // request rate is unlimited here unless a test sets it (Security/RequestLimitTests).
        var gateway = CairnConfig.Default.Gateway;
        var config = CairnConfig.Default with
        {
            Gateway = gateway with { Port = 0, Limits = gateway.Limits with { HttpRequestsPerSecond = 1_000_000, HttpRequestBurst = 1_000_000 } },
        };
        config = configure?.Invoke(config) ?? config;
        config = TestStore.Apply(config, dataDir ?? owned!.Path);
        clock ??= new ManualTimeProvider();
        var host = await GatewayHost.StartAsync(new GatewayStartOptions(dataDir ?? owned!.Path, config)
        {
            Time = clock,
            LogLevel = LogLevel.Warning,
            ConfigureServices = services,
        });
        return new TestGateway(host, owned, clock);
    }

    /// <summary>The gateway's <c>POST /api</c> with its token.</summary>
    public CairnHttpClient Api { get; }

    /// <summary>Calls a method over HTTP; returns the typed result, or fails with the gateway's error.</summary>
    public Task<T> CallAsync<T>(string method, object? parameters = null) => Api.CallAsync<T>(method, parameters);

    /// <summary>Calls a method over HTTP; the typed result or the error, with the HTTP status.</summary>
    public Task<RpcReply<T>> RequestAsync<T>(string method, object? parameters = null) => Api.RequestAsync<T>(method, parameters);

    /// <summary>Calls a method over HTTP for its error (or success) only.</summary>
    public Task<RpcReply<JsonElement>> RequestAsync(string method, object? parameters = null) => Api.RequestAsync<JsonElement>(method, parameters);

    /// <summary>Posts a body exactly as given (malformed on purpose); the reply is read typed.</summary>
    public Task<RpcReply<JsonElement>> PostRawAsync(string body, string contentType = "application/json") => Api.PostRawAsync(body, contentType);

    /// <summary>Raw JSON of a reply, for the tests not yet on <see cref="CallAsync{T}"/>.</summary>
    public async Task<ApiReply> CallAsync(string method, object? parameters = null) => new(await RequestAsync(method, parameters));

    /// <summary>Raw JSON of a result that must be ok, for the tests not yet on <see cref="CallAsync{T}"/>.</summary>
    public async Task<JsonElement> OkAsync(string method, object? parameters = null) => await CallAsync<JsonElement>(method, parameters);

    /// <summary>A WebSocket to <c>/ws</c>, by default after a successful <c>connect</c>.</summary>
    public Task<WsTestClient> ConnectWsAsync(bool handshake = true, string? origin = null) =>
        WsTestClient.OpenAsync(Host.Address, WsTestClient.Options(Token) with
        {
            ConfigureSocket = origin is null ? null : o => o.SetRequestHeader("Origin", origin),
        }, handshake);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        if (_ownedDir is not null)
        {
            if (TestStore.IsPostgres)
            {
                TestStore.Forget(_ownedDir.Path);
            }

            _ownedDir.Dispose();
        }
    }
}
