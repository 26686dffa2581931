using System.Globalization;

namespace Cairn.Config;

public static partial class ConfigLoader
{
    /// <summary>Typed reads of the merged configuration; every problem is collected with its key and thrown at once.</summary>
    private sealed class Reader(IConfiguration c)
    {
        private readonly List<string> _errors = [];

        public void Fail(string key, string problem) => _errors.Add($"config key '{key.Replace(':', '.')}': {problem}");

        public void ThrowIfFailed()
        {
            if (_errors.Count > 0)
            {
                throw new ConfigException(string.Join(Environment.NewLine, _errors));
            }
        }

        public string String(string key, string fallback) => OptionalString(key) ?? fallback;

        public string? OptionalString(string key) => c[key] is { Length: > 0 } value ? value.Trim() : null;

        /// <summary>The keys of a section's children, in order (list indexes sort as numbers).</summary>
        public List<string> ChildKeys(string key) => [.. c.GetSection(key).GetChildren().Select(s => s.Key)];

        public decimal Decimal(string key, decimal fallback, decimal min, decimal max)
        {
            if (OptionalString(key) is not { } text)
            {
                return fallback;
            }

            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            Fail(key, $"'{text}' is not a number from {min} to {max}");
            return fallback;
        }

        public List<string> List(string key)
        {
            var section = c.GetSection(key);
            var children = section.GetChildren().Select(s => s.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToList();
            if (children.Count == 0 && section.Value is { Length: > 0 } csv)
            {
                children = [.. csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            }

            return children;
        }

        public int Int(string key, int fallback, int min, int max)
        {
            if (OptionalString(key) is not { } text)
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            Fail(key, $"'{text}' is not a whole number from {min} to {max}");
            return fallback;
        }

        /// <summary>A map of category prefix → level; each bad level is reported under its own key.</summary>
        public Dictionary<string, LogLevel> Levels(string key)
        {
            var levels = new Dictionary<string, LogLevel>(StringComparer.Ordinal);
            foreach (var child in c.GetSection(key).GetChildren())
            {
                levels[child.Key] = Enum($"{key}:{child.Key}", LogLevel.Information);
            }

            return levels;
        }

        public bool Bool(string key, bool fallback)
        {
            if (OptionalString(key) is not { } text)
            {
                return fallback;
            }

            if (bool.TryParse(text, out var value))
            {
                return value;
            }

            Fail(key, $"'{text}' is not true or false");
            return fallback;
        }

        public TEnum Enum<TEnum>(string key, TEnum fallback) where TEnum : struct, System.Enum
        {
            if (OptionalString(key) is not { } text)
            {
                return fallback;
            }

            if (System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !char.IsDigit(text[0]))
            {
                return value;
            }

            Fail(key, $"'{text}' is not one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}");
            return fallback;
        }

        public string OneOf(string key, string fallback, params string[] allowed)
        {
            var value = String(key, fallback);
            if (allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return value.ToLowerInvariant();
            }

            Fail(key, $"'{value}' is not one of {string.Join(", ", allowed)}");
            return fallback;
        }
    }
}
