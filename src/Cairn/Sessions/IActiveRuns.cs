namespace Cairn.Sessions;

/// <summary>Whether a reply is being written in a session; chat answers it, and the reset sweep leaves such a session alone.</summary>
public interface IActiveRuns
{
    bool IsActive(string sessionKey);

    /// <summary>Aborts the session's run, if any, and waits (briefly) until it has ended and stored what it will store.</summary>
    Task StopAsync(string sessionKey, CancellationToken ct);
}
