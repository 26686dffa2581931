namespace Cairn.Protocol;

/// <summary>The formats of <c>sessions.export</c>: readable Markdown, or lossless JSON (<see cref="SessionExport"/>).</summary>
public enum ExportFormat
{
    Md,
    Json,
}

/// <summary><c>sessions.export</c>: one session, every conversation (generation) of it unless <c>currentOnly</c>.</summary>
public sealed record SessionsExportParams(string Key, ExportFormat Format = ExportFormat.Md, bool CurrentOnly = false);

/// <summary>The file: a name to save it under, its media type, and its text.</summary>
public sealed record SessionsExportResult(string Filename, string MediaType, string Content);

/// <summary>
/// A session as JSON, lossless: the entry's own fields and every generation with every row (seq, role, text, times,
/// tokens, run id, summaries' ranges, failed turns' reasons). <c>Format</c> is <c>cairn.session</c>, <c>Version</c> 1.
/// </summary>
public sealed record SessionExport(string Format, int Version, long ExportedAt, ExportedSession Session, IReadOnlyList<ExportedGeneration> Generations)
{
    public const string FormatName = "cairn.session";
    public const int CurrentVersion = 1;
}

/// <summary>The session's own fields in an export; <c>ArchivedAt</c> only when it is archived (an import keeps it archived), its tags and pin.</summary>
public sealed record ExportedSession(
    string Key,
    string Label,
    string? Description,
    bool Persistent,
    bool UserCreated,
    SessionKind Kind,
    string? SystemPrompt,
    long CreatedAt,
    long UpdatedAt,
    string CurrentSessionId,
    long? ArchivedAt = null)
{
    /// <summary>The session's tags (an import keeps the valid ones).</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Whether it was pinned (an import of a new session keeps the pin).</summary>
    public bool Pinned { get; init; }
}

/// <summary>One conversation of the session; <c>Current</c> for the one new messages join.</summary>
public sealed record ExportedGeneration(string SessionId, bool Current, IReadOnlyList<TranscriptMessage> Messages);

/// <summary>The formats <c>sessions.import</c> reads: Cairn's own export, or ChatGPT's <c>conversations.json</c>.</summary>
public enum ImportFormat
{
    Cairn,
    Chatgpt,
}

/// <summary>
/// <c>sessions.import</c>: Cairn's own export back in (one <c>cairn.session</c> JSON document, or JSON Lines of them, as
/// <c>cairn export --all</c> writes), or with <c>format: "chatgpt"</c> ChatGPT's <c>conversations.json</c> (each
/// conversation a session). All of it or nothing.
/// </summary>
public sealed record SessionsImportParams(string Content, ImportFormat Format = ImportFormat.Cairn);

/// <summary>What happened to one imported session: its key here (a taken key gets <c>-2</c>), and what was added.</summary>
public sealed record ImportedSessionResult(string SourceKey, string Key, string Label, string Action, int Messages, int Generations);

/// <summary>The keys the imported sessions have on this gateway, in the file's order, and each one's details.</summary>
public sealed record SessionsImportResult(IReadOnlyList<string> Keys, IReadOnlyList<ImportedSessionResult> Sessions);
