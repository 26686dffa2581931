namespace Cairn.Protocol;

/// <summary>
/// A session template: a named preset that <c>sessions.create {template}</c> copies into a new session. <see cref="Key"/> is
/// the slug of the name when it was created and never changes; <see cref="Persistent"/> null leaves the session default
/// (persistent); <see cref="FirstMessage"/>, when set, is sent as the new session's first user message.
/// <see cref="BuiltIn"/> marks one of the presets a new store starts with (editable and deletable like any other).
/// </summary>
public sealed record TemplateEntry(
    string Key,
    string Name,
    string? Description,
    string? SystemPrompt,
    string? Model,
    bool? Persistent,
    IReadOnlyList<string> Tags,
    string? FirstMessage,
    bool BuiltIn,
    long CreatedAt,
    long UpdatedAt,
    int Rev);

/// <summary><c>templates.get</c> and <c>templates.delete</c>: a template by key or name (case-insensitive).</summary>
public sealed record TemplateNameParams(string Name);

public sealed record TemplatesCreateParams(
    string Name,
    string? SystemPrompt = null,
    string? Model = null,
    bool? Persistent = null,
    IReadOnlyList<string>? Tags = null,
    string? Description = null,
    string? FirstMessage = null);

/// <summary>
/// <c>templates.patch</c>: <c>name</c> finds the template (key or name); only the fields given change, and null clears a
/// field (hence <see cref="Maybe{T}"/>; <c>persistent: null</c> goes back to the session default). <c>rename</c> renames it
/// (its key stays).
/// </summary>
public sealed record TemplatesPatchParams(
    string Name,
    string? Rename = null,
    Maybe<string?> SystemPrompt = default,
    Maybe<string?> Model = default,
    Maybe<bool?> Persistent = default,
    IReadOnlyList<string>? Tags = null,
    Maybe<string?> Description = default,
    Maybe<string?> FirstMessage = default,
    int? ExpectedRev = null);

/// <summary><c>templates.list</c>: every template, by name.</summary>
public sealed record TemplatesListResult(IReadOnlyList<TemplateEntry> Templates);

public sealed record TemplateEntryResult(TemplateEntry Template);

public sealed record TemplatesDeleteResult(string Key, bool Deleted, TemplateEntry Template);
