namespace Cairn.Protocol;

/// <summary>How a session came to exist.</summary>
public enum SessionKind
{
    Main,
    Named,
    Peer,
}

/// <summary>
/// One session as stored and as sent on the wire. <see cref="ArchivedAt"/> is set while the session is archived (out of
/// the default list, kept whole); <see cref="TrashedAt"/> while it is in the trash (restorable until purged).
/// <see cref="Model"/> is the configured model the session pins (<c>sessions.patch {model}</c>), null for the default.
/// <see cref="ForkedFrom"/> is set on a session made by <c>sessions.fork</c>: the source and the last seq it copied.
/// </summary>
public sealed record SessionEntry(
    string Key,
    string SessionId,
    string Label,
    string? Description,
    bool Persistent,
    bool UserCreated,
    SessionKind Kind,
    long CreatedAt,
    long UpdatedAt,
    long? LastMessageAt,
    int MessageCount,
    long InputTokens,
    long OutputTokens,
    int Rev,
    string? SystemPrompt,
    long? ContextTokens = null,
    long? ContextWindow = null,
    long? ArchivedAt = null,
    long? TrashedAt = null,
    string? Model = null,
    SessionOrigin? ForkedFrom = null)
{
    /// <summary>
    /// The model this session's next turn uses: <see cref="Model"/> (the pinned name, null for the default) while it is
    /// configured, else the default model. Set by the gateway on the entries it sends; null where it does not know.
    /// </summary>
    public string? EffectiveModel { get; init; }

    /// <summary>Archived: left out of the default list and the switcher; sending to it is refused until it is unarchived.</summary>
    public bool Archived => ArchivedAt is not null;

    /// <summary>In the trash: left out of every list but the trash's, and of every method but restore and purge.</summary>
    public bool Trashed => TrashedAt is not null;

    /// <summary>Pinned: first in the default list (the updated order of the sessions in use), the switcher and the sidebar.</summary>
    public bool Pinned { get; init; }

    /// <summary>The session's tags, normalised and sorted; always an array (empty when it has none).</summary>
    public IReadOnlyList<string> Tags { get => _tags.Items; init => _tags = new TagList(value); }

    // Held in a value-equal wrapper so that two entries with the same tags are equal, as records are field by field.
    private readonly TagList _tags;

    private readonly struct TagList(IReadOnlyList<string>? items) : IEquatable<TagList>
    {
        public IReadOnlyList<string> Items => items ?? [];

        public bool Equals(TagList other) => Items.SequenceEqual(other.Items, StringComparer.Ordinal);

        public override bool Equals(object? obj) => obj is TagList other && Equals(other);

        public override int GetHashCode()
        {
            var hash = default(HashCode);
            foreach (var tag in Items)
            {
                hash.Add(tag, StringComparer.Ordinal);
            }

            return hash.ToHashCode();
        }
    }
}

/// <summary>The orders <c>sessions.list</c> can return.</summary>
public enum SessionSort
{
    Updated,
    Created,
    Label,
}
