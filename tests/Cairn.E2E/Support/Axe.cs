using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.E2E.Support;

/// <summary>
/// axe-core (npm <c>axe-core</c>, pinned in ui/package.json, copied beside this assembly at build) run inside the
/// page with its experimental rules on. Only serious and critical violations fail a test.
/// </summary>
public static class Axe
{
    private static readonly Lazy<string> Script = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe.min.js")));

    private const string Run = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', 'experimental'] },
            resultTypes: ['violations'],
          });
          return JSON.stringify(result.violations.map(v => ({
            id: v.id, impact: v.impact ?? '', help: v.help,
            targets: v.nodes.slice(0, 5).map(n => JSON.stringify(n.target) + ' ' + (n.failureSummary ?? '').replace(/\s+/g, ' ')),
          })));
        }
        """;

    /// <summary>Asserts that the page as it is now has no serious or critical violation, naming any it has.</summary>
    public static async Task ExpectNoSeriousViolationsAsync(IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof axe !== 'undefined'"))
        {
            // Evaluated, not a script tag: the gateway's Content-Security-Policy does not apply to it.
            await page.EvaluateAsync(Script.Value);
        }

        var violations = JsonSerializer.Deserialize<Violation[]>(await page.EvaluateAsync<string>(Run)) ?? [];
        var serious = violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0,
            $"axe-core on {what}: {serious.Count} serious/critical violation(s):\n" +
            string.Join("\n", serious.Select(v => $"- {v.Id} ({v.Impact}): {v.Help}\n    {string.Join("\n    ", v.Targets)}")));
    }

    private sealed record Violation(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("impact")] string Impact,
        [property: JsonPropertyName("help")] string Help,
        [property: JsonPropertyName("targets")] string[] Targets);
}
