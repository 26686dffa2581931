using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// What a new session starts with beyond its name: a system prompt, a pinned model and tags (from a template, or given
/// on the create). Written in the create's own transaction, so a session never exists without them.
/// </summary>
public sealed record SessionPreset(string? SystemPrompt, string? Model, IReadOnlyList<string> Tags)
{
    public bool IsEmpty => SystemPrompt is null && Model is null && Tags.Count == 0;
}

public sealed partial class SessionStore
{
    private static SessionEntry ApplyPreset(DbConnection c, DbTransaction tx, SessionEntry entry, SessionPreset preset)
    {
        using var command = c.Command("UPDATE sessions SET system_prompt = @prompt, model = @model WHERE key = @key", tx)
            .With("@prompt", preset.SystemPrompt).With("@model", preset.Model).With("@key", entry.Key);
        command.ExecuteNonQuery();
        ReplaceTags(c, tx, entry.Key, preset.Tags);
        return entry with { SystemPrompt = preset.SystemPrompt, Model = preset.Model, Tags = preset.Tags };
    }
}
