namespace Cairn.Sessions;

/// <summary>Whether a reply is being written in a session; chat answers it, and the reset sweep leaves such a session alone.</summary>
public interface IActiveRuns
{
    bool IsActive(string sessionKey);
}
