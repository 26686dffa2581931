namespace Cairn.Store;

/// <summary>
/// A session read from an older store, already mapped to Cairn's rules except for what depends on the
/// database (a free key, a free label), which <see cref="ImportStore"/> settles inside its transaction.
/// <c>SourceKey</c> is the key in the older store, kept as an alias of the Cairn key; <c>PreferredKey</c> is a
/// valid Cairn key to use if free (<c>main</c> means: merge into main); <c>LabelGiven</c> is false when the
/// label was derived from the key (so main keeps its own); <c>Extra</c> holds the fields Cairn does not
/// model, as a JSON object.
/// </summary>
public sealed record ImportedSession(
    string SourceKey,
    string PreferredKey,
    string SessionId,
    string Label,
    bool LabelGiven,
    string? Description,
    bool Persistent,
    bool UserCreated,
    SessionKind Kind,
    long CreatedAt,
    long UpdatedAt,
    long InputTokens,
    long OutputTokens,
    string? Extra)
{
    /// <summary>Transcripts; the one whose id is <see cref="SessionId"/> is the current generation.</summary>
    public IReadOnlyList<ImportedGeneration> Generations { get; init; } = [];

    /// <summary>The session's system prompt (Cairn's own export carries it; older stores have none).</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>When it was archived, for a session that comes archived (Cairn's own export of one); a new session then stays archived.</summary>
    public long? ArchivedAt { get; init; }

    /// <summary>Tags, already normalised (Cairn's own export carries them); a new session gets them, an existing one keeps its own.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Pinned in the export; a new session stays pinned.</summary>
    public bool Pinned { get; init; }
}

public sealed record ImportedGeneration(string SessionId, IReadOnlyList<ImportedMessage> Messages);

/// <summary>
/// One row. Older stores give role, text, time and tokens, and rows are numbered 1, 2, … in order; Cairn's own
/// export also gives each row's <see cref="Seq"/> (kept, so summaries' ranges stay true) and the columns below.
/// </summary>
public sealed record ImportedMessage(string Role, string Text, long CreatedAt, long? InputTokens = null, long? OutputTokens = null)
{
    public long? Seq { get; init; }

    public string? RunId { get; init; }

    public bool Incomplete { get; init; }

    public long? CoversFrom { get; init; }

    public long? CoversTo { get; init; }

    public string? Reason { get; init; }
}

/// <summary>
/// What to import in one transaction, and the run-once record to write with it. <c>Source</c> says where
/// the sessions came from and is recorded with each alias (e.g. <c>sessions-store.json</c>).
/// </summary>
public sealed record ImportBatch(string Source, IReadOnlyList<ImportedSession> Sessions, string? MetaName = null, string? MetaValue = null)
{
    /// <summary>Called after each session with how many are done; an exception from it aborts the whole batch.</summary>
    public Action<int>? Progress { get; init; }
}

public enum ImportAction
{
    /// <summary>A new Cairn session.</summary>
    Created,

    /// <summary>Merged into an existing session (main), or transcripts added to an earlier import.</summary>
    Updated,

    /// <summary>Imported before: left as it is.</summary>
    Unchanged,
}

/// <summary>What happened to one imported session.</summary>
public sealed record ImportedRow(string SourceKey, string Key, string Label, ImportAction Action, int MessagesAdded, int GenerationsAdded);
