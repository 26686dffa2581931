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
