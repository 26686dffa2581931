namespace Cairn.Client;

/// <summary>The gateway answered a call with an error (for callers that expect success).</summary>
public sealed class CairnCallException(string method, ProtocolError error) : Exception($"{method} failed: {error}")
{
    public string Method => method;

    public ProtocolError Error => error;
}
