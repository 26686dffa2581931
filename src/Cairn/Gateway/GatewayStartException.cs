namespace Cairn.Gateway;

/// <summary>Start-up refused for a reason the user can fix; the message says which.</summary>
public sealed class GatewayStartException(string message) : Exception(message);
