namespace Cairn.Observability;

/// <summary>
/// The <c>surface</c> tag of a metric. Client names come from the client, so they are cleaned and capped:
/// an unbounded tag would let any caller grow the metrics without limit. One per gateway.
/// </summary>
public sealed class Surfaces
{
    public const int MaxDistinct = 16;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal) { "web", "cli", "api", "other" };
    private readonly Lock _gate = new();

    public string Normalize(string? surface)
    {
        var name = Clean(surface);
        if (name is "cairn-ui" or "ui")
        {
            return "web";
        }

        if (name is "http")
        {
            return "api";
        }

        if (name is "cairn-cli" or "cairn")
        {
            return "cli";
        }

        if (name is "" or "unknown")
        {
            return "other";
        }

        lock (_gate)
        {
            if (_seen.Contains(name))
            {
                return name;
            }

            if (_seen.Count >= MaxDistinct)
            {
                return "other";
            }

            _seen.Add(name);
            return name;
        }
    }

    private static string Clean(string? surface)
    {
        if (string.IsNullOrWhiteSpace(surface))
        {
            return "";
        }

        var chars = surface.Trim().ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.').Take(32);
        return new string([.. chars]);
    }
}
