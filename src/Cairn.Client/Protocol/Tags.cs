namespace Cairn.Protocol;

/// <summary>A tag in use and how many sessions in use (neither archived nor in the trash) carry it.</summary>
public sealed record TagInfo(string Tag, int Count);

/// <summary><c>tags.list</c>: every tag of the sessions in use, most used first, then by name.</summary>
public sealed record TagsListResult(IReadOnlyList<TagInfo> Tags);
