using YamlDotNet.RepresentationModel;

namespace Cairn.Config;

/// <summary>
/// Reads <c>config.yaml</c>, then <c>CAIRN_*</c> environment variables (<c>__</c> nests), then command-line
/// overrides, and validates the result. Every problem names its key, e.g. <c>gateway.port</c>.
/// </summary>
public static partial class ConfigLoader
{
    public const string FileName = "config.yaml";

    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "gateway:bind", "gateway:port", "gateway:auth:mode", "gateway:allowedOrigins", "gateway:maxPayloadBytes",
        "gateway:logLevel", "gateway:logFormat", "gateway:openai:enabled",
        "gateway:token", "gateway:tokenFile",
        "gateway:corsOrigins", "gateway:limits:authFailuresPerMinute", "gateway:limits:messagesPerSecond", "gateway:limits:messageBurst",
        "gateway:limits:handshakeSeconds", "gateway:limits:sendBufferBytes", "gateway:limits:sendBudgetBytes",
        "gateway:limits:authFailuresGlobalPerMinute", "gateway:limits:httpRequestsPerSecond", "gateway:limits:httpRequestBurst",
        "gateway:limits:maxConnections", "gateway:limits:maxWebSockets", "gateway:limits:turnUpdateMs", "store:quickCheckSeconds",
        "store:provider", "store:connectionString",
        "session:namedSessionsEnabled", "session:reset:mode", "session:reset:atHour", "session:reset:idleMinutes",
        "session:listPageSize", "session:trashDays",
        "model:provider", "model:baseUrl", "model:apiKey", "model:name", "model:timeoutSeconds",
        "model:contextWindow", "model:maxOutputTokens", "model:compactAtPercent", "model:firstTokenTimeoutSeconds",
        "model:idleTimeoutSeconds", "model:maxRetries", "defaultModel",
    };

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> naming the bad key.</summary>
    public static CairnConfig Load(string dataDir, IDictionary<string, string?>? overrides = null,
        IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        var yaml = ReadYaml(Path.Combine(dataDir, FileName));
        var builder = new ConfigurationBuilder().AddInMemoryCollection(yaml);
        if (environment is null)
        {
            builder.AddEnvironmentVariables("CAIRN_");
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(kv => kv.Key.StartsWith("CAIRN_", StringComparison.Ordinal))
                .Select(kv => new KeyValuePair<string, string?>(kv.Key["CAIRN_".Length..].Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        }

        builder.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>());
        return Bind(builder.Build());
    }

    private static CairnConfig Bind(IConfiguration c)
    {
        var d = CairnConfig.Default;
        var reader = new Reader(c);
        var gateway = ReadGateway(reader, d.Gateway);
        var session = new SessionConfig(
            reader.Bool("session:namedSessionsEnabled", d.Session.NamedSessionsEnabled),
            new ResetPolicyConfig(
                reader.Enum("session:reset:mode", d.Session.Reset.Mode),
                reader.Int("session:reset:atHour", d.Session.Reset.AtHour, 0, 23),
                reader.Int("session:reset:idleMinutes", d.Session.Reset.IdleMinutes, 0, 525600)),
            reader.Int("session:listPageSize", d.Session.ListPageSize, 1, 200))
        {
            TrashDays = reader.Int("session:trashDays", d.Session.TrashDays, 0, 36500),
        };
        var model = ReadModel(reader, d.Model);
        var models = ReadModels(reader, model);

        CheckSharedToken(reader, gateway);
        if (session.Reset.Mode == ResetMode.Idle && session.Reset.IdleMinutes == 0)
        {
            reader.Fail("session:reset:idleMinutes", "must be at least 1 when session.reset.mode is idle");
        }

        if (models is null && model.Provider == "openai" && model.BaseUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            reader.Fail("model:baseUrl", $"'{url}' is not an absolute URL");
        }

        if (models is null && model.MaxOutputTokens * 2 > (model.ContextWindow ?? model.DefaultContextWindow))
        {
            reader.Fail("model:maxOutputTokens",
                $"{model.MaxOutputTokens} leaves too little room for the conversation: at most half of model.contextWindow ({model.ContextWindow ?? model.DefaultContextWindow})");
        }

        var store = ReadStore(reader, d.Store);
        reader.ThrowIfFailed();
        var config = new CairnConfig(gateway, session, model) { Store = store };
        return models is null ? config : config.WithModels(models, reader.OptionalString("defaultModel"));
    }

    /// <summary>The store: SQLite needs nothing; PostgreSQL needs a connection string Npgsql can read.</summary>
    private static StoreConfig ReadStore(Reader reader, StoreConfig d)
    {
        var store = new StoreConfig(reader.Int("store:quickCheckSeconds", d.QuickCheckSeconds, 0, 3600))
        {
            Provider = reader.OneOf("store:provider", d.Provider, StoreConfig.Sqlite, StoreConfig.Postgres),
            ConnectionString = reader.OptionalString("store:connectionString"),
        };
        if (store.Provider == StoreConfig.Sqlite && store.ConnectionString is not null)
        {
            reader.Fail("store:connectionString", "is only for store.provider postgres (SQLite is the file cairn.db in the data dir)");
        }
        else if (store.Provider == StoreConfig.Postgres && store.ConnectionString is null)
        {
            reader.Fail("store:connectionString", "is required when store.provider is postgres (e.g. Host=db;Database=cairn;Username=cairn;Password=…)");
        }
        else if (store.Provider == StoreConfig.Postgres)
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(store.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                // Npgsql's message names the bad keyword; it never echoes a password.
                reader.Fail("store:connectionString", $"is not a valid PostgreSQL connection string: {ex.Message}");
            }
        }

        return store;
    }

    private static ModelConfig ReadModel(Reader reader, ModelConfig d)
    {
        var contextWindow = reader.Int("model:contextWindow", 0, 64, 10_000_000);
        return new ModelConfig(
            reader.OneOf("model:provider", d.Provider, "echo", "openai"),
            reader.OptionalString("model:baseUrl"),
            reader.OptionalString("model:apiKey"),
            reader.OptionalString("model:name"),
            reader.Int("model:timeoutSeconds", d.TimeoutSeconds, 1, 3600))
        {
            ContextWindow = contextWindow == 0 ? null : contextWindow,
            MaxOutputTokens = reader.Int("model:maxOutputTokens", d.MaxOutputTokens, 16, 1_000_000),
            CompactAtPercent = reader.Int("model:compactAtPercent", d.CompactAtPercent, 10, 95),
            FirstTokenTimeoutSeconds = reader.Int("model:firstTokenTimeoutSeconds", d.FirstTokenTimeoutSeconds, 1, 3600),
            IdleTimeoutSeconds = reader.Int("model:idleTimeoutSeconds", d.IdleTimeoutSeconds, 1, 3600),
            MaxRetries = reader.Int("model:maxRetries", d.MaxRetries, 0, 10),
        };
    }

    private static GatewayConfig ReadGateway(Reader reader, GatewayConfig d) => new(
        reader.String("gateway:bind", d.Bind),
        reader.Int("gateway:port", d.Port, 0, 65535),
        reader.Enum("gateway:auth:mode", d.Auth),
        reader.List("gateway:allowedOrigins"),
        reader.Int("gateway:maxPayloadBytes", d.MaxPayloadBytes, 1024, 64 * 1024 * 1024))
    {
        LogLevel = reader.Enum("gateway:logLevel", d.LogLevel),
        LogFormat = reader.Enum("gateway:logFormat", d.LogFormat),
        LogLevels = reader.Levels("gateway:logLevels"),
        Token = reader.OptionalString("gateway:token"),
        TokenFile = reader.OptionalString("gateway:tokenFile"),
        OpenAi = new OpenAiConfig(reader.Bool("gateway:openai:enabled", d.OpenAi.Enabled)),
        CorsOrigins = reader.List("gateway:corsOrigins"),
        Limits = new GatewayLimits(
            reader.Int("gateway:limits:authFailuresPerMinute", d.Limits.AuthFailuresPerMinute, 1, 100_000),
            reader.Int("gateway:limits:messagesPerSecond", d.Limits.MessagesPerSecond, 1, 1_000_000),
            reader.Int("gateway:limits:messageBurst", d.Limits.MessageBurst, 1, 1_000_000),
            reader.Int("gateway:limits:handshakeSeconds", d.Limits.HandshakeSeconds, 1, 3600))
        {
            AuthFailuresGlobalPerMinute = reader.Int("gateway:limits:authFailuresGlobalPerMinute", d.Limits.AuthFailuresGlobalPerMinute, 1, 1_000_000),
            SendBufferBytes = reader.Int("gateway:limits:sendBufferBytes", d.Limits.SendBufferBytes, 64 * 1024, int.MaxValue),
            SendBudgetBytes = reader.Int("gateway:limits:sendBudgetBytes", d.Limits.SendBudgetBytes, 64 * 1024, int.MaxValue),
            HttpRequestsPerSecond = reader.Int("gateway:limits:httpRequestsPerSecond", d.Limits.HttpRequestsPerSecond, 1, 1_000_000),
            HttpRequestBurst = reader.Int("gateway:limits:httpRequestBurst", d.Limits.HttpRequestBurst, 1, 1_000_000),
            MaxConnections = reader.Int("gateway:limits:maxConnections", d.Limits.MaxConnections, 2, 1_000_000),
            MaxWebSockets = reader.Int("gateway:limits:maxWebSockets", d.Limits.MaxWebSockets, 1, 1_000_000),
            TurnUpdateMs = reader.Int("gateway:limits:turnUpdateMs", d.Limits.TurnUpdateMs, 0, 60_000),
        },
    };

    /// <summary>A token shared by replicas: long enough to resist guessing, and from one place only.</summary>
    private static void CheckSharedToken(Reader reader, GatewayConfig gateway)
    {
        if (gateway.Token is { Length: < GatewayConfig.MinTokenLength })
        {
            reader.Fail("gateway:token", $"must be at least {GatewayConfig.MinTokenLength} characters (e.g. the output of 'openssl rand -hex 24')");
        }

        if (gateway.Token is not null && gateway.TokenFile is not null)
        {
            reader.Fail("gateway:tokenFile", "set gateway.token or gateway.tokenFile, not both");
        }
    }

    /// <summary>A known key, or a category under <c>gateway.logLevels</c> (any name goes there).</summary>
    private static bool IsKnown(string key) =>
        KnownKeys.Contains(key) || key.StartsWith("gateway:logLevels:", StringComparison.OrdinalIgnoreCase) && key.Count(c => c == ':') == 2
        || IsModelsField(key);

    private static Dictionary<string, string?> ReadYaml(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!File.Exists(path))
        {
            return values;
        }

        var stream = new YamlStream();
        try
        {
            using var text = File.OpenText(path);
            stream.Load(text);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new ConfigException($"{path}: not valid YAML at line {ex.Start.Line}: {ex.Message}");
        }

        if (stream.Documents.Count > 0)
        {
            Flatten(stream.Documents[0].RootNode, "", values, path);
        }

        return values;
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string?> values, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var name = prefix.Length == 0 ? ((YamlScalarNode)k).Value! : $"{prefix}:{((YamlScalarNode)k).Value}";
                    if (v is YamlMappingNode || (v is YamlSequenceNode && IsModelsList(name)) || IsKnown(name) || KnownKeys.Any(known => known.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)))
                    {
                        Flatten(v, name, values, path);
                    }
                    else
                    {
                        throw new ConfigException($"{path}: unknown key '{name.Replace(':', '.')}'");
                    }
                }

                break;
            case YamlSequenceNode list:
                for (var i = 0; i < list.Children.Count; i++)
                {
                    Flatten(list.Children[i], $"{prefix}:{i}", values, path);
                }

                break;
            case YamlScalarNode scalar:
                if (prefix.Length > 0 && !IsKnown(prefix) && !KnownKeys.Contains(prefix[..prefix.LastIndexOf(':')]))
                {
                    throw new ConfigException($"{path}: unknown key '{prefix.Replace(':', '.')}'");
                }

                values[prefix] = scalar.Value;
                break;
        }
    }
}

/// <summary>The configuration is invalid; the message names the key and the problem.</summary>
public sealed class ConfigException(string message) : Exception(message);
