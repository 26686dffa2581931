namespace Cairn.Import;

/// <summary>Why an OpenClaw import could not run at all; the message says what to do.</summary>
public sealed class ImportRefusedException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
