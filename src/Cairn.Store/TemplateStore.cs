using System.Data.Common;

namespace Cairn.Store;

/// <summary>A change to a template: null leaves a field as it is, except where a Set flag says "set it, null clears".</summary>
public sealed record TemplatePatch(string? Name = null, IReadOnlyList<string>? Tags = null, int? ExpectedRev = null)
{
    public bool SetSystemPrompt { get; init; }
    public string? SystemPrompt { get; init; }
    public bool SetModel { get; init; }
    public string? Model { get; init; }
    public bool SetPersistent { get; init; }
    public bool? Persistent { get; init; }
    public bool SetDescription { get; init; }
    public string? Description { get; init; }
    public bool SetFirstMessage { get; init; }
    public string? FirstMessage { get; init; }
}

/// <summary>
/// Session templates. Names are unique case-insensitively (the same normal form as session labels); the key is the slug
/// of the first name (with -2, -3 … on collision) and stays when the template is renamed. A template is found by its key
/// or its name. Nothing here knows sessions: <c>sessions.create {template}</c> reads a template and copies it.
/// </summary>
public sealed class TemplateStore(CairnDatabase db)
{
    private const string Columns =
        "key, name, description, system_prompt, model, persistent, tags, first_message, built_in, created_at, updated_at, rev";

    public IReadOnlyList<TemplateEntry> List() => db.Read(c =>
    {
        using var command = c.Command($"SELECT {Columns} FROM templates ORDER BY name_norm, key");
        return ReadAll(command);
    });

    /// <summary>The template whose key or name (case-insensitive) is <paramref name="name"/>, the key first.</summary>
    public TemplateEntry? Find(string name) => db.Read(c => Find(c, null, name));

    public Task<StoreResult<TemplateEntry>> CreateAsync(TemplateEntry template, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (ByName(c, tx, SessionNames.Normalize(template.Name)) is not null)
        {
            return StoreResult<TemplateEntry>.Fail(StoreStatus.LabelTaken);
        }

        var key = FreeKey(c, tx, SessionNames.Slug(template.Name));
        var entry = template with { Key = key, Rev = 1, BuiltIn = false };
        using var command = c.Command(
            $"INSERT INTO templates ({Columns}, name_norm) VALUES (@key, @name, @description, @prompt, @model, @persistent, @tags, @first, 0, " +
            "@created, @updated, 1, @norm)", tx);
        Bind(command, entry).With("@created", entry.CreatedAt).ExecuteNonQuery();
        return StoreResult<TemplateEntry>.Ok(entry);
    }, ct);

    public Task<StoreResult<TemplateEntry>> PatchAsync(string name, TemplatePatch patch, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (Find(c, tx, name) is not { } current)
        {
            return StoreResult<TemplateEntry>.Fail(StoreStatus.NotFound);
        }

        if (patch.ExpectedRev is { } expected && expected != current.Rev)
        {
            return StoreResult<TemplateEntry>.Fail(StoreStatus.RevMismatch);
        }

        if (patch.Name is { } rename && ByName(c, tx, SessionNames.Normalize(rename)) is { } owner && owner.Key != current.Key)
        {
            return StoreResult<TemplateEntry>.Fail(StoreStatus.LabelTaken);
        }

        var updated = current with
        {
            Name = patch.Name ?? current.Name,
            Description = patch.SetDescription ? patch.Description : current.Description,
            SystemPrompt = patch.SetSystemPrompt ? patch.SystemPrompt : current.SystemPrompt,
            Model = patch.SetModel ? patch.Model : current.Model,
            Persistent = patch.SetPersistent ? patch.Persistent : current.Persistent,
            Tags = patch.Tags ?? current.Tags,
            FirstMessage = patch.SetFirstMessage ? patch.FirstMessage : current.FirstMessage,
            UpdatedAt = Math.Max(now, current.UpdatedAt),
            Rev = current.Rev + 1,
        };
        using var command = c.Command(
            "UPDATE templates SET name = @name, name_norm = @norm, description = @description, system_prompt = @prompt, model = @model, " +
            "persistent = @persistent, tags = @tags, first_message = @first, updated_at = @updated, rev = @rev WHERE key = @key", tx);
        Bind(command, updated).With("@rev", updated.Rev).ExecuteNonQuery();
        return StoreResult<TemplateEntry>.Ok(updated);
    }, ct);

    /// <summary>Deletes a template for good (a built-in too: the seed runs once, with its migration).</summary>
    public Task<StoreResult<TemplateEntry>> DeleteAsync(string name, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (Find(c, tx, name) is not { } current)
        {
            return StoreResult<TemplateEntry>.Fail(StoreStatus.NotFound);
        }

        using var command = c.Command("DELETE FROM templates WHERE key = @key", tx).With("@key", current.Key);
        command.ExecuteNonQuery();
        return StoreResult<TemplateEntry>.Ok(current);
    }, ct);

    private static DbCommand Bind(DbCommand command, TemplateEntry t) => command
        .With("@key", t.Key).With("@name", t.Name).With("@norm", SessionNames.Normalize(t.Name)).With("@description", t.Description)
        .With("@prompt", t.SystemPrompt).With("@model", t.Model).With("@persistent", t.Persistent is { } p ? (p ? 1 : 0) : null)
        .With("@tags", string.Join(' ', t.Tags)).With("@first", t.FirstMessage).With("@updated", t.UpdatedAt);

    private static TemplateEntry? Find(DbConnection c, DbTransaction? tx, string name)
    {
        using var command = c.Command($"SELECT {Columns} FROM templates WHERE key = @key OR name_norm = @norm ORDER BY key = @key DESC LIMIT 1", tx)
            .With("@key", name.Trim()).With("@norm", SessionNames.Normalize(name));
        return ReadAll(command) is [var found, ..] ? found : null;
    }

    private static TemplateEntry? ByName(DbConnection c, DbTransaction tx, string nameNorm)
    {
        using var command = c.Command($"SELECT {Columns} FROM templates WHERE name_norm = @norm", tx).With("@norm", nameNorm);
        return ReadAll(command) is [var found, ..] ? found : null;
    }

    private static string FreeKey(DbConnection c, DbTransaction tx, string baseKey)
    {
        for (var n = 1; ; n++)
        {
            var candidate = n == 1 ? baseKey : $"{baseKey}-{n}";
            using var command = c.Command("SELECT 1 FROM templates WHERE key = @key", tx).With("@key", candidate);
            if (command.ExecuteScalar() is null)
            {
                return candidate;
            }
        }
    }

    private static List<TemplateEntry> ReadAll(DbCommand command)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<TemplateEntry>();
        while (reader.Read())
        {
            rows.Add(new TemplateEntry(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3),
                reader.GetNullableString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5) != 0,
                reader.GetString(6).Split(' ', StringSplitOptions.RemoveEmptyEntries), reader.GetNullableString(7), reader.GetInt64(8) != 0,
                reader.GetInt64(9), reader.GetInt64(10), reader.GetInt32(11)));
        }

        return rows;
    }
}
