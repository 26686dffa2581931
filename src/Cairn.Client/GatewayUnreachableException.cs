namespace Cairn.Client;

/// <summary>
/// No answer from the gateway at all: nothing listening, the connection refused or lost, no reply in time. A reply
/// with an error code is not this; it is a <see cref="ProtocolError"/>.
/// </summary>
public sealed class GatewayUnreachableException(Uri url, string reason, Exception? inner = null)
    : Exception($"Cannot reach the gateway at {url} ({reason}).", inner)
{
    public Uri Url => url;

    /// <summary>Why, in a few words: "connection refused", "the connection was closed", "no answer within 60 seconds".</summary>
    public string Reason => reason;
}
