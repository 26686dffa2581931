namespace Cairn.Cli;

/// <summary>Exit codes of the client commands; docs/cli.md lists them for scripts.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The gateway answered with an error (its code is printed), or the command line was wrong.</summary>
    public const int Failed = 1;

    /// <summary>No gateway answered at the URL.</summary>
    public const int Unreachable = 3;
}
