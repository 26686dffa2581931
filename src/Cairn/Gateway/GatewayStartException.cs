namespace Cairn.Gateway;

/// <summary>Start-up refused for a reason the user can fix; the message says which, the exit code what kind (<see cref="GatewayExitCodes"/>).</summary>
public sealed class GatewayStartException(string message, int exitCode = GatewayExitCodes.Refused, Exception? inner = null)
    : Exception(message, inner)
{
    public int ExitCode => exitCode;
}
