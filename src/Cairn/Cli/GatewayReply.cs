using System.Text.Json;

namespace Cairn.Cli;

/// <summary>
/// What the gateway answered a client call: the result, or an error code and message. <see cref="Unreachable"/>
/// marks a gateway that could not be reached at all (exit code 3 rather than 1).
/// </summary>
public sealed record GatewayReply(JsonElement Result, string? ErrorCode = null, string? ErrorMessage = null, bool Unreachable = false)
{
    public bool Ok => ErrorCode is null;

    public static GatewayReply Fail(string code, string message) => new(default, code, message);

    public static GatewayReply NotReached(Uri url, string why) =>
        new(default, "UNAVAILABLE", $"Cannot reach the gateway at {url} ({why}). Is it running? Start it with 'cairn gateway run', or pass --url.", true);
}
