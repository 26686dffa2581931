using System.Globalization;
using System.Text.RegularExpressions;

namespace Cairn.Tests.Observability;

/// <summary>
/// A parsed Prometheus text exposition: every sample line as (name, labels, value). Enough of the format for
/// the gateway's own output: comments skipped, label values unescaped, no timestamps.
/// </summary>
public sealed partial class PrometheusText
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private PrometheusText(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"Not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["k"].Value] = label.Groups["v"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }

            _samples.Add((match.Groups["name"].Value, labels, ParseValue(match.Groups["value"].Value)));
        }
    }

    public static PrometheusText Parse(string text) => new(text);

    public bool Has(string name) => _samples.Any(s => s.Name == name);

    /// <summary>The sum of every series of <paramref name="name"/> whose labels include <paramref name="labels"/>; 0 when none.</summary>
    public double Value(string name, params (string Key, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static double ParseValue(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\d+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<v>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
