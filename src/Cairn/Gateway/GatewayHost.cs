using Cairn.Chat;
using Cairn.Chat.Providers;
using Cairn.Commands;
using Cairn.Config;
using Cairn.Import;
using Cairn.Observability;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Store;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cairn.Gateway;

/// <summary>What a gateway needs to start; tests pass their own clock and a port of 0.</summary>
public sealed record GatewayStartOptions(string DataDir, CairnConfig Config)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

/// <summary>Start-up refused for a reason the user can fix; the message says which.</summary>
public sealed class GatewayStartException(string message) : Exception(message);

/// <summary>
/// A running gateway: owns the data-dir lock, the database and the web host. Start-up order: lock, open and
/// migrate the store, token, ensure <c>main</c>, then listen.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly DataDirLock _lock;
    private readonly CairnDatabase _db;

    private GatewayHost(WebApplication app, DataDirLock dataLock, CairnDatabase db, string? token, string dataDirectory)
    {
        App = app;
        _lock = dataLock;
        _db = db;
        Token = token;
        DataDirectory = dataDirectory;
    }

    public WebApplication App { get; }

    public string? Token { get; }

    public string DataDirectory { get; }

    public Uri Address => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<GatewayHost> StartAsync(GatewayStartOptions options, CancellationToken ct = default)
    {
        var config = options.Config;
        if (!OriginPolicy.IsLoopback(config.Gateway.Bind))
        {
            RefuseUnsafeWideBind(config.Gateway);
        }

        DataDir.Ensure(options.DataDir);
        var dataLock = DataDirLock.TryAcquire(options.DataDir)
            ?? throw new GatewayStartException($"Another gateway is already running on the data dir {options.DataDir}. Stop it, or use --data-dir for a second one.");
        CairnDatabase? db = null;
        try
        {
            db = CairnDatabase.Open(Path.Combine(options.DataDir, CairnDatabase.FileName));
            var token = config.Gateway.Auth == AuthMode.Token ? TokenFile.LoadOrCreate(options.DataDir) : null;
            var sessions = new SessionStore(db);
            await sessions.EnsureMainAsync(options.Time.GetUtcNow().ToUnixTimeMilliseconds(), ct);

            var app = Build(options, db, sessions, token);
            await LegacyStoreImport.RunAtStartupAsync(options.DataDir, db, options.Time, app.Services.GetRequiredService<ILogger<LegacyStoreImport>>(), ct);
            await app.StartAsync(ct);
            return new GatewayHost(app, dataLock, db, token, options.DataDir);
        }
        catch
        {
            db?.Dispose();
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>Beyond loopback anyone on the network can connect: demand a token and an explicit origin list.</summary>
    private static void RefuseUnsafeWideBind(GatewayConfig gateway)
    {
        var problems = new List<string>();
        if (gateway.Auth == AuthMode.None)
        {
            problems.Add("gateway.auth.mode is none; set it to token (the default)");
        }

        if (gateway.AllowedOrigins.Count == 0 || gateway.AllowedOrigins.Contains("*"))
        {
            problems.Add("gateway.allowedOrigins is " + (gateway.AllowedOrigins.Count == 0 ? "empty" : "*")
                + "; list the exact URLs browsers will open, e.g. allowedOrigins: [\"http://my-host:5004\"] in config.yaml "
                + "or CAIRN_GATEWAY__ALLOWEDORIGINS=http://my-host:5004");
        }

        if (problems.Count > 0)
        {
            throw new GatewayStartException(
                $"Refusing to bind to {gateway.Bind}: that exposes the gateway beyond this machine, which needs a token and an allowed-origins list.\n  - "
                + string.Join("\n  - ", problems));
        }
    }

    private static WebApplication Build(GatewayStartOptions options, CairnDatabase db, SessionStore sessions, string? token)
    {
        var config = options.Config;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{(config.Gateway.Bind == "localhost" ? "127.0.0.1" : config.Gateway.Bind)}:{config.Gateway.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = config.Gateway.MaxPayloadBytes;
            k.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        var services = builder.Services;
        services.AddSingleton(config);
        services.AddSingleton(options.Time);
        services.AddSingleton(db);
        services.AddSingleton(sessions);
        services.AddSingleton(new GatewayAuth(token));
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<EventHub>();
        services.AddSingleton(ChatClientFactory.Describe(config.Model));
        services.AddSingleton(ChatClientFactory.Create(config.Model, Environment.GetEnvironmentVariable));
        services.AddSingleton(new PeerBindingStore(db));
        services.AddSingleton(new TranscriptStore(db));
        services.AddSingleton<SessionMethods>();
        services.AddSingleton<SlashCommands>();
        services.AddSingleton<ISlashCommands>(sp => sp.GetRequiredService<SlashCommands>());
        services.AddSingleton<PeerSessionMethods>();
        services.AddSingleton<ChatRuns>();
        services.AddSingleton<ChatRunner>();
        services.AddSingleton<ResetPolicy>();
        services.AddSingleton<ChatMethods>();
        services.AddSingleton<ResetSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<ResetSweeper>());
        services.AddSingleton(sp => Methods.Create(sp.GetRequiredService<SessionMethods>(), sp.GetRequiredService<ChatMethods>(),
            sp.GetRequiredService<SlashCommands>(), sp.GetRequiredService<PeerSessionMethods>()));
        services.AddSingleton<MethodDispatcher>();
        services.AddCairnObservability();
        options.ConfigureServices?.Invoke(services);

        var app = builder.Build();
        app.UseSecurityHeaders(config.Gateway);
        app.UseCorsPolicy(config.Gateway);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapObservability();
        app.MapApi();
        app.MapApiSchema();
        app.MapWebSocketEndpoint();
        app.UseStaticUi();
        return app;
    }

    public async Task WaitForShutdownAsync(CancellationToken ct = default) => await App.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
            _db.Dispose();
            _lock.Dispose();
        }
    }
}
