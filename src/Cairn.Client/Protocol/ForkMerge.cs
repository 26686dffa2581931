namespace Cairn.Protocol;

/// <summary>
/// <c>sessions.fork</c>: a new session whose history is a copy of <c>key</c>'s current conversation up to and including
/// <c>fromSeq</c> (default: all of it). Without a label the fork is called "&lt;label&gt; (fork)" (made unique).
/// </summary>
public sealed record SessionsForkParams(string Key, long? FromSeq = null, string? Label = null);

/// <summary>Where a fork came from: the source session, the conversation (generation) and the last seq copied (0: it was empty).</summary>
public sealed record SessionOrigin(string Key, string SessionId, long Seq);

/// <summary><c>sessions.fork</c>: the new session and how many rows were copied into it.</summary>
public sealed record SessionsForkResult(string Key, string SessionId, SessionEntry Entry, int Copied);

/// <summary>How <c>sessions.merge</c> orders the messages it copies.</summary>
public enum MergeOrder
{
    /// <summary>Interleaved by the time each message was written (ties: the order of <c>sources</c>, then seq).</summary>
    Time,

    /// <summary>All of the first source, then all of the second, …, each in its own order.</summary>
    Sequential,
}

/// <summary>
/// <c>sessions.merge</c>: copies the conversations of <c>sources</c> into a new session (or appends them to <c>into</c>),
/// archives the sources, records where each copied message came from. With <c>preview</c> nothing is written.
/// </summary>
public sealed record SessionsMergeParams(
    IReadOnlyList<string> Sources,
    string? Into = null,
    string? Label = null,
    MergeOrder Order = MergeOrder.Time,
    bool Preview = false);

/// <summary>One copied message as the outline shows it: where it lands (<c>Seq</c>) and where it came from (<c>SourceSeq</c>); text cut to 120 characters.</summary>
public sealed record MergeMessageRef(long Seq, long SourceSeq, string Role, string Text, long CreatedAt);

/// <summary>One source of a merge: how many messages it gives, its first and last, and whether the merge archives it.</summary>
public sealed record MergeSourceOutline(string Key, string Label, string SessionId, int Messages, MergeMessageRef? First, MergeMessageRef? Last, bool Archive);

/// <summary>A value of a conflicting field and the session that has it.</summary>
public sealed record MergeConflictValue(string Key, string? Value);

/// <summary>A field the sources (and <c>into</c>) disagree on, the values, and what the merged session gets.</summary>
public sealed record MergeConflict(string Field, IReadOnlyList<MergeConflictValue> Values, string? Chosen, string Resolution);

/// <summary>
/// What a merge writes (preview) or wrote: the target (a new session's label, or <c>into</c>), the total and per-source
/// counts, first and last message of each source, and the conflicts with how they resolve. A preview and the merge
/// that follows it (with nothing written in between) have equal outlines.
/// </summary>
public sealed record MergeOutline(
    string? Into,
    string Label,
    MergeOrder Order,
    int Messages,
    IReadOnlyList<MergeSourceOutline> Sources,
    IReadOnlyList<MergeConflict> Conflicts);

/// <summary><c>sessions.merge</c>: with <c>preview</c> only the outline (no key, nothing written); else the merged session too.</summary>
public sealed record SessionsMergeResult(bool Preview, MergeOutline Outline, string? Key = null, SessionEntry? Entry = null);

/// <summary>
/// <c>sessions.unmerge</c>: what undoing the last merge into <c>key</c> did. <c>Removed</c> is <c>purged</c> (the merged
/// session, untouched since, is gone), <c>trashed</c> (it was written to since: moved to the trash instead) or
/// <c>messages</c> (the merge appended into an existing session: the copied messages were removed from it). <c>Restored</c>
/// lists the sources it unarchived.
/// </summary>
public sealed record SessionsUnmergeResult(string Key, string Removed, int MessagesRemoved, IReadOnlyList<string> Restored, SessionEntry? Entry);
