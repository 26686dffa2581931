using Cairn.Config;

namespace Cairn.Gateway;

/// <summary>
/// The token a gateway accepts: the shared one when configured (<c>gateway.token</c>, or the file <c>gateway.tokenFile</c>
/// names, so that every replica of a fleet accepts the same), else the data dir's own <c>gateway.token</c>, made on first start.
/// </summary>
public static class GatewayToken
{
    public static string Resolve(GatewayConfig gateway, string dataDir)
    {
        if (gateway.Token is { } shared)
        {
            return shared;
        }

        if (gateway.TokenFile is { } path)
        {
            return Read(path);
        }

        return TokenFile.LoadOrCreate(dataDir);
    }

    /// <summary>
    /// The token a client of the data dir's gateway sends (the CLI): found as the gateway finds it — the shared one when
    /// configured (<c>gateway.token</c> in config.yaml or <c>CAIRN_GATEWAY__TOKEN</c>, or the file <c>gateway.tokenFile</c>
    /// names), else the data dir's <c>gateway.token</c>; null when there is none. A config the gateway would refuse, or a
    /// token file it could not read, falls back to the data dir's file: the request then says what is wrong.
    /// </summary>
    public static string? ForClient(string dataDir)
    {
        try
        {
            var gateway = ConfigLoader.Load(dataDir).Gateway;
            if (gateway.Token is not null || gateway.TokenFile is not null)
            {
                return Resolve(gateway, dataDir);
            }
        }
        catch (Exception ex) when (ex is ConfigException or GatewayStartException)
        {
            // Not the CLI's to report: the data dir's own token is the best guess.
        }

        return TokenFile.TryRead(dataDir);
    }

    private static string Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GatewayStartException($"config key 'gateway.tokenFile': cannot read {path} ({ex.Message}); point it at a file with the fleet's token.");
        }

        return text.Length >= GatewayConfig.MinTokenLength
            ? text
            : throw new GatewayStartException(
                $"config key 'gateway.tokenFile': {path} holds no token of at least {GatewayConfig.MinTokenLength} characters; write one into it (e.g. 'openssl rand -hex 24 > {path}').");
    }
}
