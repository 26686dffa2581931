using System.Globalization;
using System.Data.Common;

namespace Cairn.Store;

/// <summary>
/// The analytics aggregates written inside other store writes (their transaction), so a count never drifts from
/// the event it counts. Days are UTC dates, <c>YYYY-MM-DD</c>, like the triggers of the analytics migration.
/// </summary>
internal static class AnalyticsRows
{
    private static readonly HashSet<string> SessionColumns = ["resets", "replies_final", "replies_error", "replies_aborted"];

    public static string Day(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Adds one to <paramref name="column"/> of the session's row for the day of <paramref name="now"/>.</summary>
    public static void Bump(DbConnection c, DbTransaction tx, string key, long now, string column)
    {
        if (!SessionColumns.Contains(column))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, "Not a counter of stats_session_day.");
        }

        using var command = c.Command(
            $"INSERT INTO stats_session_day (session_key, day, {column}) VALUES (@k, @day, 1) " +
            $"ON CONFLICT (session_key, day) DO UPDATE SET {column} = stats_session_day.{column} + 1", tx)
            .With("@k", key).With("@day", Day(now));
        command.ExecuteNonQuery();
    }

    /// <summary>A reply that ended: counted by its state, and its timings kept for the medians.</summary>
    public static void Reply(DbConnection c, DbTransaction tx, string key, long now, ReplyTiming ending)
    {
        Bump(c, tx, key, now, "replies_" + ending.State);
        using var command = c.Command("INSERT INTO reply_timings (session_key, day, ttft_ms, total_ms) VALUES (@k, @day, @first, @total)", tx)
            .With("@k", key).With("@day", Day(now)).With("@first", ending.FirstTokenMs).With("@total", ending.TotalMs);
        command.ExecuteNonQuery();
    }
}
