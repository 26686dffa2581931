using Cairn.Client;
using Cairn.Protocol;

namespace Cairn.Cli;

/// <summary>What a client command works with: where the gateway is, its <c>POST /api</c>, and where to print.</summary>
internal sealed record ClientContext(ClientSettings Settings, CairnHttpClient Api, CliOutput Output)
{
    /// <summary>The options of a WebSocket connection from this command line.</summary>
    public CairnConnectionOptions ConnectionOptions => Settings.ConnectionOptions;

    /// <summary>An HTTP error, with the way out for a missing or wrong token.</summary>
    public ProtocolError Explain(ProtocolError error) => error.Code != ErrorCode.Unauthorized
        ? error
        : error with
        {
            Message = error.Message + (Settings.Token is null
                ? " No token was found: pass --token, or --data-dir for the gateway's data dir."
                : " The token given does not match this gateway's."),
        };
}
