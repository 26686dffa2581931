namespace Cairn.Config;

/// <summary>
/// The <c>models:</c> list and <c>defaultModel</c>. Without the list, the single <c>model:</c> block is the one model
/// (<see cref="ModelEntry.FromSingle"/>). With it, <c>model:</c> keeps only the settings every model shares (timeouts,
/// retries, compactAtPercent, the default maxOutputTokens); the keys that name a provider belong in an entry.
/// </summary>
public static partial class ConfigLoader
{
    private static readonly string[] ModelsFields =
        ["name", "provider", "baseUrl", "apiKey", "model", "contextWindow", "maxOutputTokens", "pricePerMillion:input", "pricePerMillion:output"];

    /// <summary>Keys that name one model's provider: with a <c>models:</c> list they go in its entries, not in <c>model:</c>.</summary>
    private static readonly string[] SingleOnlyKeys = ["model:provider", "model:baseUrl", "model:apiKey", "model:name", "model:contextWindow"];

    /// <summary><c>models</c>, <c>models:N</c> or <c>models:N:pricePerMillion</c>: a list or a mapping of the models list.</summary>
    private static bool IsModelsList(string key) => key.Equals("models", StringComparison.OrdinalIgnoreCase);

    private static bool IsModelsField(string key)
    {
        var parts = key.Split(':', 3);
        return parts.Length == 3 && parts[0].Equals("models", StringComparison.OrdinalIgnoreCase) && int.TryParse(parts[1], out _)
            && ModelsFields.Any(f => f.Equals(parts[2], StringComparison.OrdinalIgnoreCase) || f.StartsWith(parts[2] + ":", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The <c>models:</c> entries, or null when there is no list (the single <c>model:</c> block is the model).</summary>
    private static List<ModelEntry>? ReadModels(Reader reader, ModelConfig shared)
    {
        var indexes = reader.ChildKeys("models");
        if (indexes.Count == 0)
        {
            if (reader.OptionalString("defaultModel") is { } named && !named.Equals(ModelEntry.SingleName(shared), StringComparison.OrdinalIgnoreCase))
            {
                reader.Fail("defaultModel", $"'{named}' is not a configured model: without a models list the one model is '{ModelEntry.SingleName(shared)}'");
            }

            return null;
        }

        foreach (var key in SingleOnlyKeys.Where(k => reader.OptionalString(k) is not null))
        {
            reader.Fail(key, "cannot be used together with a 'models' list: set it in the models entry it belongs to");
        }

        var entries = new List<ModelEntry>();
        foreach (var index in indexes)
        {
            if (ReadEntry(reader, $"models:{index}", shared) is { } entry)
            {
                if (entries.FirstOrDefault(e => e.Name.Equals(entry.Name, StringComparison.OrdinalIgnoreCase)) is { } twin)
                {
                    reader.Fail($"models:{index}:name", $"'{entry.Name}' is used twice (also models.{entries.IndexOf(twin)}): names must be unique, case-insensitively");
                    continue;
                }

                entries.Add(entry);
            }
        }

        if (reader.OptionalString("defaultModel") is { } wanted && entries.Count > 0
            && !entries.Any(e => e.Name.Equals(wanted, StringComparison.OrdinalIgnoreCase)))
        {
            reader.Fail("defaultModel", $"'{wanted}' is not one of the configured models: {string.Join(", ", entries.Select(e => e.Name))}");
        }

        return entries.Count > 0 ? entries : null;
    }

    private static ModelEntry? ReadEntry(Reader reader, string prefix, ModelConfig shared)
    {
        var name = reader.OptionalString($"{prefix}:name");
        if (name is null)
        {
            reader.Fail($"{prefix}:name", "is required: the name people see and sessions pin");
        }
        else if (name.Length > ModelEntry.MaxNameLength || name.Any(char.IsControl))
        {
            reader.Fail($"{prefix}:name", $"'{name}' must be 1 to {ModelEntry.MaxNameLength} characters without control characters");
        }
        else if (name.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            reader.Fail($"{prefix}:name", "'default' is reserved: '/model default' means the configured default model");
        }

        if (reader.OptionalString($"{prefix}:provider") is null)
        {
            reader.Fail($"{prefix}:provider", "is required: echo or openai");
        }

        var provider = reader.OneOf($"{prefix}:provider", "echo", "echo", "openai");
        var baseUrl = reader.OptionalString($"{prefix}:baseUrl");
        if (provider == "openai" && baseUrl is not null && !Uri.TryCreate(baseUrl, UriKind.Absolute, out _))
        {
            reader.Fail($"{prefix}:baseUrl", $"'{baseUrl}' is not an absolute URL");
        }

        var window = reader.Int($"{prefix}:contextWindow", 0, 64, 10_000_000);
        var settings = shared with
        {
            Provider = provider,
            BaseUrl = baseUrl,
            ApiKey = reader.OptionalString($"{prefix}:apiKey"),
            Name = reader.OptionalString($"{prefix}:model"),
            ContextWindow = window == 0 ? null : window,
            MaxOutputTokens = reader.Int($"{prefix}:maxOutputTokens", shared.MaxOutputTokens, 16, 1_000_000),
        };
        if (settings.MaxOutputTokens * 2 > (settings.ContextWindow ?? settings.DefaultContextWindow))
        {
            reader.Fail($"{prefix}:maxOutputTokens",
                $"{settings.MaxOutputTokens} leaves too little room for the conversation: at most half of the context window ({settings.ContextWindow ?? settings.DefaultContextWindow})");
        }

        ModelPrice? price = null;
        if (reader.OptionalString($"{prefix}:pricePerMillion:input") is not null || reader.OptionalString($"{prefix}:pricePerMillion:output") is not null)
        {
            price = new ModelPrice(reader.Decimal($"{prefix}:pricePerMillion:input", 0, 0, 1_000_000),
                reader.Decimal($"{prefix}:pricePerMillion:output", 0, 0, 1_000_000));
        }

        return name is null ? null : new ModelEntry(name, settings) { PricePerMillion = price };
    }
}
