namespace Cairn.Store;

/// <summary>What <c>sessions.merge</c> asks of the store (already validated: distinct keys, <c>into</c> not among them).</summary>
public sealed record MergeRequest(IReadOnlyList<string> Sources, string? Into, string? Label, MergeOrder Order, string NewSessionId);

/// <summary>Why the store refused a merge or an unmerge, and the session it is about.</summary>
public sealed record MergeRefusal(StoreStatus Status, string Key, SessionEntry? Existing = null);

/// <summary>A merge written: its outline, the session written into, and the sources it archived.</summary>
public sealed record MergeDone(MergeOutline Outline, SessionEntry Target, IReadOnlyList<SessionEntry> Archived);

/// <summary>An unmerge done: see <see cref="SessionsUnmergeResult"/>.</summary>
public sealed record UnmergeDone(string Key, string Removed, int MessagesRemoved, IReadOnlyList<SessionEntry> Restored, SessionEntry? Entry);

/// <summary>One conversation row a merge copies, with the source it comes from (its position in the request).</summary>
internal sealed record MergeRow(int Position, string SourceKey, string SourceSessionId, long SourceSeq, string Role, string Text, long CreatedAt,
    long? InputTokens, long? OutputTokens, bool Incomplete, int? TokenCount);

/// <summary>
/// A merge worked out, before (preview) or as it is written: the sources, the target, the rows in their final order
/// and the seq the first lands on. The preview and the merge both build the outline from this, so they are equal.
/// </summary>
internal sealed record PlannedMerge(
    IReadOnlyList<SessionEntry> Sources,
    SessionEntry? Into,
    string Label,
    MergeRequest Request,
    IReadOnlyList<MergeRow> Rows,
    long FirstSeq)
{
    public bool Persistent => Into?.Persistent ?? Sources.Any(s => s.Persistent);

    public string? Description => Into is null ? Sources.Select(s => s.Description).FirstOrDefault(d => d is not null) : Into.Description;

    public string? SystemPrompt => Into is null ? Sources.Select(s => s.SystemPrompt).FirstOrDefault(p => p is not null) : Into.SystemPrompt;

    public string? Model => Into is null ? Sources.Select(s => s.Model).FirstOrDefault(m => m is not null) : Into.Model;

    public MergeOutline Outline()
    {
        var sources = Sources.Select((s, position) =>
        {
            var rows = Rows.Select((r, i) => (Row: r, Seq: FirstSeq + i)).Where(x => x.Row.Position == position).ToList();
            return new MergeSourceOutline(s.Key, s.Label, s.SessionId, rows.Count,
                rows.Count == 0 ? null : Ref(rows[0].Row, rows[0].Seq), rows.Count == 0 ? null : Ref(rows[^1].Row, rows[^1].Seq), Archive: !s.Archived);
        }).ToList();
        return new MergeOutline(Into?.Key, Label, Request.Order, Rows.Count, sources, Conflicts());
    }

    /// <summary>
    /// Fields the sessions disagree on. A new merged session takes the first source's system prompt and description that
    /// is set (and the first pinned model), and is persistent if any source is; <c>into</c> keeps all of its own.
    /// </summary>
    private List<MergeConflict> Conflicts()
    {
        var conflicts = new List<MergeConflict>();
        Add(conflicts, "systemPrompt", s => s.SystemPrompt, SystemPrompt, "the first source's that is set");
        Add(conflicts, "description", s => s.Description, Description, "the first source's that is set");
        Add(conflicts, "model", s => s.Model, Model, "the first source's pinned model (none: the default)");
        Add(conflicts, "persistent", s => s.Persistent ? "true" : "false", Persistent ? "true" : "false", "persistent if any source is");
        return conflicts;
    }

    private void Add(List<MergeConflict> conflicts, string field, Func<SessionEntry, string?> value, string? chosen, string newRule)
    {
        var all = (Into is null ? Sources : [Into, .. Sources]).Select(s => new MergeConflictValue(s.Key, value(s))).ToList();
        if (all.Select(v => v.Value).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            conflicts.Add(new MergeConflict(field, all, chosen, Into is null ? newRule : $"'{Into.Key}' keeps its own"));
        }
    }

    private static MergeMessageRef Ref(MergeRow row, long seq) =>
        new(seq, row.SourceSeq, row.Role, row.Text.Length <= 120 ? row.Text : row.Text[..119] + "…", row.CreatedAt);
}
