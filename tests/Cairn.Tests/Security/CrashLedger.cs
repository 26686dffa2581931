using System.Collections.Concurrent;
using Cairn.Protocol;

namespace Cairn.Tests.Security;

/// <summary>What the crash test's clients were told about one session, and the one operation in flight on it.</summary>
internal sealed class CrashSession(string key, int owner, int rev, string label, bool persistent)
{
    public string Key { get; } = key;

    public int Owner { get; } = owner;

    public int Rev { get; private set; } = rev;

    public string Label { get; private set; } = label;

    public bool Persistent { get; private set; } = persistent;

    /// <summary>A patch sent but not answered when the gateway died: it may or may not have committed.</summary>
    public (string Label, bool Persistent)? PendingPatch { get; set; }

    /// <summary>A chat message sent but not answered when the gateway died.</summary>
    public string? PendingChat { get; set; }

    /// <summary>Chat messages whose <c>chat.send</c> (wait) came back final: they and their replies must survive.</summary>
    public List<string> AckedMessages { get; } = [];

    /// <summary>Messages found stored after a crash although their send was never answered: they must stay.</summary>
    public List<string> CommittedMessages { get; } = [];

    public void Acknowledge(SessionEntry entry)
    {
        Rev = entry.Rev;
        Label = entry.Label;
        Persistent = entry.Persistent;
        PendingPatch = null;
    }

    /// <summary>After a restart: the in-flight patch turned out committed (rev one higher), so it is the state now.</summary>
    public void Adopt(int rev, string label, bool persistent)
    {
        Rev = rev;
        Label = label;
        Persistent = persistent;
        PendingPatch = null;
    }
}

/// <summary>Everything acknowledged across all rounds of the crash test, plus creates that were in flight.</summary>
internal sealed class CrashLedger
{
    public ConcurrentDictionary<string, CrashSession> Sessions { get; } = new(StringComparer.Ordinal);

    /// <summary>Key → owner of creates sent but not answered.</summary>
    public ConcurrentDictionary<string, int> PendingCreates { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Unexpected { get; } = new();

    public int Acknowledged;

    public List<CrashSession> OwnedBy(int owner) => [.. Sessions.Values.Where(s => s.Owner == owner)];
}
