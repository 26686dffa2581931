using System.Globalization;
using Cairn.Protocol;

namespace Cairn.Analytics;

/// <summary>
/// A range of UTC days, both ends included: <c>from</c>/<c>to</c> as <c>YYYY-MM-DD</c>; without <c>to</c>, today; without
/// <c>from</c>, the 30 days ending at <c>to</c>. At most <see cref="MaxDays"/> days.
/// </summary>
public sealed record AnalyticsRange(DateOnly From, DateOnly To)
{
    public const int MaxDays = 366;

    public const int DefaultDays = 30;

    public string FromText => Text(From);

    public string ToText => Text(To);

    /// <summary>Every day of the range, oldest first.</summary>
    public IEnumerable<string> Days()
    {
        for (var day = From; day <= To; day = day.AddDays(1))
        {
            yield return Text(day);
        }
    }

    public static Outcome<AnalyticsRange> Parse(string? from, string? to, DateTimeOffset now)
    {
        if (!TryDay(to, DateOnly.FromDateTime(now.UtcDateTime), out var end))
        {
            return MethodError.Invalid("to", "'to' must be a date as YYYY-MM-DD.");
        }

        if (!TryDay(from, end.AddDays(1 - DefaultDays), out var start))
        {
            return MethodError.Invalid("from", "'from' must be a date as YYYY-MM-DD.");
        }

        return start > end ? MethodError.Invalid("from", "'from' must not be after 'to'.")
            : end.DayNumber - start.DayNumber + 1 > MaxDays ? MethodError.Invalid("from", $"A range has at most {MaxDays} days.")
            : new AnalyticsRange(start, end);
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return text is null || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static string Text(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
