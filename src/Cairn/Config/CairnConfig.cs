namespace Cairn.Config;

public enum AuthMode
{
    Token,
    None,
}

/// <summary><c>gateway.logFormat</c>: one line of text per event, or one JSON object per line for log shippers.</summary>
public enum LogFormat
{
    Text,
    Json,
}

public enum ResetMode
{
    Off,
    Daily,
    Idle,
}

/// <summary>The whole validated configuration; see docs/configuration.md for every key.</summary>
public sealed record CairnConfig(GatewayConfig Gateway, SessionConfig Session, ModelConfig Model)
{
    private readonly IReadOnlyList<ModelEntry>? _models;
    private readonly string? _defaultModel;

    public StoreConfig Store { get; init; } = StoreConfig.Default;

    /// <summary>
    /// The models sessions may use (<c>models:</c>); without that list, the one entry the <c>model:</c> block makes.
    /// <see cref="Model"/> is always the default entry's settings.
    /// </summary>
    public IReadOnlyList<ModelEntry> Models
    {
        get => _models ?? [ModelEntry.FromSingle(Model)];
        init => _models = value;
    }

    /// <summary>True when the models come from a <c>models:</c> list rather than the single <c>model:</c> block.</summary>
    public bool HasModelsList => _models is not null;

    /// <summary><c>defaultModel</c>: the name of the model of every session that pins none; the first entry unless set.</summary>
    public string DefaultModel
    {
        get => _defaultModel ?? Models[0].Name;
        init => _defaultModel = value;
    }

    /// <summary>The configured model of this name (case-insensitive), or null.</summary>
    public ModelEntry? FindModel(string? name) => name is null ? null : Models.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The name of the model a session that pins <paramref name="pinned"/> (or none) uses: that one while configured, else the default.</summary>
    public string EffectiveModel(string? pinned) => FindModel(pinned)?.Name ?? DefaultModel;

    /// <summary>This config with several models, <paramref name="defaultName"/> (else the first) the default.</summary>
    public CairnConfig WithModels(IReadOnlyList<ModelEntry> models, string? defaultName = null)
    {
        var chosen = models.FirstOrDefault(m => string.Equals(m.Name, defaultName, StringComparison.OrdinalIgnoreCase)) ?? models[0];
        return this with { Model = chosen.Settings, Models = models, DefaultModel = chosen.Name };
    }

    public static CairnConfig Default { get; } = new(
        new GatewayConfig("127.0.0.1", 5004, AuthMode.Token, [], 1024 * 1024),
        new SessionConfig(true, new ResetPolicyConfig(ResetMode.Daily, 4, 0), 50),
        new ModelConfig("echo", null, null, null, ModelConfig.DefaultTimeoutSeconds));
}

public sealed record GatewayConfig(string Bind, int Port, AuthMode Auth, IReadOnlyList<string> AllowedOrigins, int MaxPayloadBytes)
{
    /// <summary><c>gateway.logLevel</c>; <c>--log-level</c> on <c>cairn gateway run</c> wins over it.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Origins that may call <c>POST /api</c> from a browser (CORS); empty means no CORS headers at all.</summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary><c>gateway.logFormat</c>; <c>--log-format</c> wins over it.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary><c>gateway.logLevels</c>: a minimum level per category prefix, e.g. <c>Cairn.Chat: Debug</c>.</summary>
    public IReadOnlyDictionary<string, LogLevel> LogLevels { get; init; } = new Dictionary<string, LogLevel>();

    public OpenAiConfig OpenAi { get; init; } = OpenAiConfig.Default;

    /// <summary>
    /// <c>gateway.token</c> (env <c>CAIRN_GATEWAY__TOKEN</c>): the token every replica of a fleet accepts, used instead of
    /// the data dir's generated <c>gateway.token</c>. Null: the data dir's.
    /// </summary>
    public string? Token { get; init; }

    /// <summary><c>gateway.tokenFile</c>: a file holding that token (e.g. a mounted secret), read at start-up.</summary>
    public string? TokenFile { get; init; }

    public const int MinTokenLength = 16;
}

/// <summary><c>gateway.openai</c>: the OpenAI-compatible endpoint under <c>/v1</c>, off unless enabled.</summary>
public sealed record OpenAiConfig(bool Enabled)
{
    public static OpenAiConfig Default { get; } = new(false);
}

/// <summary>
/// Abuse limits: failed token checks per remote address per minute, the per-WebSocket message token bucket
/// (a steady rate and a burst), and how long a new WebSocket may take to send <c>connect</c>.
/// </summary>
public sealed record GatewayLimits(int AuthFailuresPerMinute, int MessagesPerSecond, int MessageBurst, int HandshakeSeconds)
{
    public static GatewayLimits Default { get; } = new(10, 50, 100, 10);

    /// <summary><c>gateway.limits.authFailuresGlobalPerMinute</c>: wrong tokens from all addresses together per minute.</summary>
    public int AuthFailuresGlobalPerMinute { get; init; } = 100;

    /// <summary><c>gateway.limits.sendBufferBytes</c>: bytes queued for one WebSocket client before it is dropped as too slow.</summary>
    public int SendBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary><c>gateway.limits.sendBudgetBytes</c>: bytes queued for all WebSocket clients together.</summary>
    public int SendBudgetBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary><c>gateway.limits.httpRequestsPerSecond</c>: HTTP requests a second from one client address (token bucket refill).</summary>
    public int HttpRequestsPerSecond { get; init; } = 200;

    /// <summary><c>gateway.limits.httpRequestBurst</c>: the bucket size, the requests one address may send at once.</summary>
    public int HttpRequestBurst { get; init; } = 400;

    /// <summary><c>gateway.limits.maxConnections</c>: open TCP connections of every kind together, WebSockets included.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary><c>gateway.limits.maxWebSockets</c>: open WebSocket connections together.</summary>
    public int MaxWebSockets { get; init; } = 256;

    /// <summary><c>gateway.limits.turnUpdateMs</c>: at most one <c>sessions.changed</c> per session this often for chat turns' counters (0: every turn).</summary>
    public int TurnUpdateMs { get; init; } = 250;
}

/// <summary>
/// <c>store</c>: which database (<c>provider</c>: <c>sqlite</c>, the file in the data dir, or <c>postgres</c> at
/// <c>connectionString</c>), and how long the start-up <c>PRAGMA quick_check</c> of the SQLite file may run (0 = not at all).
/// </summary>
public sealed record StoreConfig(int QuickCheckSeconds)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static StoreConfig Default { get; } = new(10);

    /// <summary><c>store.provider</c>: <see cref="Sqlite"/> (default) or <see cref="Postgres"/>.</summary>
    public string Provider { get; init; } = Sqlite;

    /// <summary><c>store.connectionString</c>: the Npgsql connection string of the PostgreSQL store; null for SQLite.</summary>
    public string? ConnectionString { get; init; }
}

public sealed record SessionConfig(bool NamedSessionsEnabled, ResetPolicyConfig Reset, int ListPageSize)
{
    /// <summary><c>session.trashDays</c>: days a deleted session stays in the trash before the sweep purges it; 0 keeps it until purged by hand.</summary>
    public int TrashDays { get; init; } = 30;
}

public sealed record ResetPolicyConfig(ResetMode Mode, int AtHour, int IdleMinutes);

/// <summary>
/// The model provider and its limits. <see cref="TimeoutSeconds"/> is the one overall deadline of a model call
/// (retries and back-off included); the first-token and idle timeouts bound the waits inside it.
/// <see cref="ContextWindow"/> is null when not configured: then the server's reported size is used where it
/// reports one (<c>ContextWindowProbe</c>), else <see cref="DefaultContextWindow"/>.
/// </summary>
public sealed record ModelConfig(string Provider, string? BaseUrl, string? ApiKey, string? Name, int TimeoutSeconds)
{
    public const int DefaultTimeoutSeconds = 300;
    public const string DefaultOpenAiModel = "gpt-4o-mini";
    public const int OpenAiDefaultContextWindow = 8192;
    public const int EchoDefaultContextWindow = 2048;

    public int? ContextWindow { get; init; }

    public int MaxOutputTokens { get; init; } = 1024;

    public int CompactAtPercent { get; init; } = 80;

    public int FirstTokenTimeoutSeconds { get; init; } = 60;

    public int IdleTimeoutSeconds { get; init; } = 30;

    public int MaxRetries { get; init; } = 2;

    /// <summary>The window to budget for when neither the config nor the server says: small for echo, so compaction shows offline.</summary>
    public int DefaultContextWindow => Provider == "openai" ? OpenAiDefaultContextWindow : EchoDefaultContextWindow;
}
