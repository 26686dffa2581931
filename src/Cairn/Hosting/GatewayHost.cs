using Cairn.Chat;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Import;
using Cairn.Store;
using Cairn.Transport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cairn.Hosting;

/// <summary>What a gateway needs to start; tests pass their own clock and a port of 0.</summary>
public sealed record GatewayStartOptions(string DataDir, CairnConfig Config)
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

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

    /// <summary>
    /// Starts the gateway, or throws <see cref="GatewayStartException"/> with one line naming the cause and the fix
    /// (port in use, read-only data dir, damaged database, full disk) and its exit code. Everything that can be
    /// checked without touching the store is checked first, so a start that fails leaves the store as it was.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(GatewayStartOptions options, CancellationToken ct = default)
    {
        var gateway = options.Config.Gateway;
        if (!OriginPolicy.IsLoopback(gateway.Bind))
        {
            RefuseUnsafeWideBind(gateway);
        }

        // The model config (an openai provider without a key) fails here too, not after the store was migrated.
        ChatRegistration.CheckModels(options.Config);
        if (PortCheck.Problem(ListenHost(gateway), gateway.Port) is { } problem)
        {
            throw new GatewayStartException(PortCheck.Describe(problem, ListenHost(gateway), gateway.Port), GatewayExitCodes.CannotListen);
        }

        try
        {
            return await OpenAndListenAsync(options, ct);
        }
        catch (Exception ex) when (StartFailures.Explain(ex, options.DataDir) is { } explained)
        {
            throw explained;
        }
    }

    private static async Task<GatewayHost> OpenAndListenAsync(GatewayStartOptions options, CancellationToken ct)
    {
        var config = options.Config;
        DataDir.Ensure(options.DataDir);
        var dataLock = DataDirLock.TryAcquire(options.DataDir)
            ?? throw new GatewayStartException($"Another gateway is already running on the data dir {options.DataDir}. Stop it, or use --data-dir for a second one.");
        CairnDatabase? db = null;
        try
        {
            db = OpenStore(options.DataDir, config.Store);
            var token = config.Gateway.Auth == AuthMode.Token ? GatewayToken.Resolve(config.Gateway, options.DataDir) : null;
            var madePrivate = DataDir.MakePrivate(options.DataDir);
            var sessions = new SessionStore(db);
            await sessions.EnsureMainAsync(options.Time.GetUtcNow().ToUnixTimeMilliseconds(), ct);

            var app = Build(options, db, sessions, token);
            if (madePrivate.Count > 0)
            {
                Log.MadePrivate(app.Services.GetRequiredService<ILogger<GatewayHost>>(), madePrivate.Count,
                    string.Join(", ", madePrivate.Select(p => Path.GetRelativePath(options.DataDir, p))));
            }

            await LegacyStoreImport.RunAtStartupAsync(options.DataDir, db, options.Time, app.Services.GetRequiredService<ILogger<LegacyStoreImport>>(), ct);
            await ListenAsync(app, config.Gateway, ct);
            var host = new GatewayHost(app, dataLock, db, token, options.DataDir);
            UrlFile.Write(options.DataDir, host.Address);
            return host;
        }
        catch
        {
            db?.Dispose();
            dataLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The SQLite file of the data dir, or the PostgreSQL database of <c>store.connectionString</c> (no file then: the
    /// data dir keeps only the token and URL files).
    /// </summary>
    private static CairnDatabase OpenStore(string dataDir, StoreConfig store)
    {
        if (store.Provider == StoreConfig.Postgres)
        {
            return CairnDatabase.OpenPostgres(store.ConnectionString!);
        }

        var dbPath = Path.Combine(dataDir, CairnDatabase.FileName);
        DataDir.PrecreatePrivate(dbPath);
        return CairnDatabase.Open(dbPath);
    }

    private static string ListenHost(GatewayConfig gateway) => gateway.Bind == "localhost" ? "127.0.0.1" : gateway.Bind;

    /// <summary>Starts listening; a port taken since the check at the start is one line that says so, not Kestrel's stack trace.</summary>
    private static async Task ListenAsync(WebApplication app, GatewayConfig gateway, CancellationToken ct)
    {
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync();
            throw new GatewayStartException(PortCheck.Describe(System.Net.Sockets.SocketError.AddressAlreadyInUse, ListenHost(gateway), gateway.Port),
                GatewayExitCodes.CannotListen, ex);
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
        // Cairn has no appsettings.json (config.yaml and CAIRN_ variables are its configuration), so nothing should watch
        // the program's directory for one: the watcher cost an inotify thread and ~5% of the start-up (issue 20).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        ConfigureHost(builder, options);
        builder.Services.AddCairn(options.Config, options.Time, db, sessions, token);
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapCairn();
        return app;
    }

    /// <summary>Logging, the listening address and Kestrel's limits.</summary>
    private static void ConfigureHost(WebApplicationBuilder builder, GatewayStartOptions options)
    {
        var gateway = options.Config.Gateway;
        GatewayLogging.Configure(builder.Logging, options);
        var host = ListenHost(gateway);
        builder.WebHost.UseUrls($"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{gateway.Port}");
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = gateway.MaxPayloadBytes;
            k.AddServerHeader = false;
            k.ConfigureEndpointDefaults(listen => listen.Use(next => listen.ApplicationServices.GetRequiredService<ConnectionLimit>().Wrap(next)));
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
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
            UrlFile.Delete(DataDirectory);
            await App.DisposeAsync();
            _db.Dispose();
            _lock.Dispose();
        }
    }
}
