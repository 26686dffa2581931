using System.CommandLine;
using Cairn.Client;
using Cairn.Config;
using Cairn.Gateway;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>Where a client command finds its gateway, and how it prints.</summary>
public sealed record ClientSettings(Uri Url, string? Token, bool Json)
{
    /// <summary>A WebSocket from the command line: named cairn-cli; an event may be long in coming (a slow model).</summary>
    public CairnConnectionOptions ConnectionOptions => new()
    {
        Token = Token,
        Client = new ConnectClient("cairn-cli", Hello.ServerVersion),
        EventTimeout = Timeout.InfiniteTimeSpan,
        EventBufferCapacity = 1000,
    };

    /// <summary>The <c>gateway.url</c> file the address was read from, if it was: named when nothing answers there.</summary>
    public string? UrlFile { get; init; }
}

/// <summary>
/// The options every client command shares: <c>--url</c>, <c>--token</c>, <c>--data-dir</c>, and <c>--json</c>
/// on the non-interactive ones. Without <c>--url</c> the address comes from the data dir: the <c>gateway.url</c> a
/// running gateway wrote there, else its config (gateway.bind and gateway.port), else <c>http://127.0.0.1:5004</c>;
/// without <c>--token</c> the token is the one the gateway of the data dir accepts (<see cref="GatewayToken.ForClient"/>:
/// the fleet's shared <c>gateway.token</c> / <c>CAIRN_GATEWAY__TOKEN</c> / <c>gateway.tokenFile</c>, else the data dir's file).
/// </summary>
public sealed class ClientOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5004";

    public Option<string?> Url { get; } = new("--url")
    {
        Description = $"Gateway address (default: the one a running gateway wrote into its data dir, else its config.yaml, else {DefaultUrl}).",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Gateway token (default: the gateway's own: gateway.token or gateway.tokenFile in its config, CAIRN_GATEWAY__TOKEN, else the gateway.token file in the data dir).",
        Recursive = true,
    };

    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "The gateway's data dir, for its token and config (default $CAIRN_HOME or ~/.cairn).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the gateway's JSON result instead of text, for scripts.",
        Recursive = true,
    };

    public ClientOptions()
    {
        Url.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !IsHttpUrl(text))
            {
                result.AddError($"--url must be an http:// or https:// address, not '{text}'.");
            }
        });
    }

    /// <summary>Adds the options to a command (and, being recursive, to its subcommands).</summary>
    public T AddTo<T>(T command, bool json = true) where T : Command
    {
        command.Options.Add(Url);
        command.Options.Add(Token);
        command.Options.Add(DataDir);
        if (json)
        {
            command.Options.Add(Json);
        }

        return command;
    }

    public ClientSettings Resolve(ParseResult result)
    {
        var dataDir = Gateway.DataDir.Resolve(result.GetValue(DataDir));
        var written = result.GetValue(Url) is { Length: > 0 } ? null : UrlFile.TryRead(dataDir);
        var url = result.GetValue(Url) is { Length: > 0 } given ? given : written?.ToString() ?? UrlFromConfig(dataDir);
        var token = result.GetValue(Token) is { Length: > 0 } explicitToken ? explicitToken : GatewayToken.ForClient(dataDir);
        return new ClientSettings(new Uri(url.TrimEnd('/') + "/"), token, result.GetValue(Json))
        {
            UrlFile = written is null ? null : UrlFile.PathIn(dataDir),
        };
    }

    private static string UrlFromConfig(string dataDir)
    {
        if (!File.Exists(Path.Combine(dataDir, ConfigLoader.FileName)))
        {
            return DefaultUrl;
        }

        try
        {
            var gateway = ConfigLoader.Load(dataDir).Gateway;
            var host = gateway.Bind is "0.0.0.0" or "::" or "[::]" or "localhost" ? "127.0.0.1" : gateway.Bind;
            return gateway.Port == 0 ? DefaultUrl : $"http://{(host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host)}:{gateway.Port}";
        }
        catch (ConfigException)
        {
            // The gateway would refuse this config too; the default address is the best guess.
            return DefaultUrl;
        }
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
