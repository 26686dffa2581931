namespace Cairn.Store;

/// <summary>
/// Reads of what an import left behind: the keys a session had in an older store (aliases, so old links
/// such as <c>?session=agent:main:work</c> still resolve) and the fields Cairn does not model (<c>extra</c>).
/// </summary>
public sealed partial class SessionStore
{
    /// <summary>
    /// The session an old key now belongs to, unless it is in the trash. The exact spelling wins over a case-insensitive
    /// match, so two old keys that differ only in case still reach their own sessions.
    /// </summary>
    public SessionEntry? GetByAlias(string alias) => db.Read(c =>
    {
        using var command = c.Command(
            $"SELECT {PrefixedColumns} FROM session_aliases a JOIN sessions s ON s.key = a.key " +
            $"WHERE {c.Dialect().EqualsIgnoringCase("a.alias", "@alias")} AND s.trashed_at IS NULL ORDER BY a.alias = @alias DESC LIMIT 1")
            .With("@alias", alias);
        var rows = ReadAll(command);
        return rows.Count == 0 ? null : rows[0];
    });

    /// <summary>The old keys that lead to a session, oldest first.</summary>
    public IReadOnlyList<string> AliasesOf(string key) => db.Read(c =>
    {
        using var command = c.Command("SELECT alias FROM session_aliases WHERE key = @key ORDER BY created_at, alias").With("@key", key);
        using var reader = command.ExecuteReader();
        var aliases = new List<string>();
        while (reader.Read())
        {
            aliases.Add(reader.GetString(0));
        }

        return aliases;
    });

    /// <summary>The fields an imported entry had that Cairn does not model, as a JSON object; null when none.</summary>
    public string? GetExtra(string key) => db.Read(c =>
    {
        using var command = c.Command("SELECT extra FROM sessions WHERE key = @key").With("@key", key);
        return command.ExecuteScalar() as string;
    });

    private static readonly string PrefixedColumns =
        string.Join(", ", Columns.Replace(TagsOfKey, "", StringComparison.Ordinal).TrimEnd(' ', ',').Split(", ").Select(column => "s." + column)) +
        ", " + TagsOf("s.key");
}
