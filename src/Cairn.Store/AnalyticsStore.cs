using System.Data.Common;

namespace Cairn.Store;

/// <summary>One day of a session's aggregates.</summary>
public sealed record SessionDayRow(string Day, long Messages, long InputTokens, long OutputTokens, long Compactions, long Resets,
    long RepliesFinal, long RepliesError, long RepliesAborted);

/// <summary>One day of the gateway's aggregates; <c>ActiveSessions</c>: sessions with at least one message that day.</summary>
public sealed record GatewayDayRow(string Day, long SessionsCreated, long Switches, long ResetsBlocked, long CreateErrors, long ActiveSessions);

/// <summary>A session's token total over a range.</summary>
public sealed record SessionTokens(string Key, string Label, long InputTokens, long OutputTokens);

/// <summary>How many sessions (not in the trash) have a kind and persistence.</summary>
public sealed record SessionGroupCount(string Kind, bool Persistent, long Count);

/// <summary>A gateway event counted per day outside any other write.</summary>
public enum GatewayCounter
{
    Switch,
    ResetBlocked,
    CreateError,
}

/// <summary>
/// Reads of the analytics aggregates (the analytics migration's tables, kept in the transactions of the writes they count), and
/// the small writes of the events that happen outside a store write. Days are inclusive UTC dates, <c>YYYY-MM-DD</c>;
/// no read touches <c>messages</c>.
/// </summary>
public sealed class AnalyticsStore(CairnDatabase db)
{
    /// <summary>The session's days with any count in <paramref name="from"/>..<paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<SessionDayRow> SessionDays(string key, string from, string to) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT day, messages, input_tokens, output_tokens, compactions, resets, replies_final, replies_error, replies_aborted " +
            "FROM stats_session_day WHERE session_key = @k AND day BETWEEN @from AND @to ORDER BY day")
            .With("@k", key).With("@from", from).With("@to", to);
        using var reader = command.ExecuteReader();
        var rows = new List<SessionDayRow>();
        while (reader.Read())
        {
            rows.Add(new SessionDayRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
        }

        return rows;
    });

    /// <summary>
    /// The exact medians of the session's reply timings in the range: time to first token (replies that had text) and
    /// to the end; the middle value, or the mean of the two middle ones.
    /// </summary>
    public (double? FirstToken, double? Total) Medians(string key, string from, string to) => db.Read(c =>
        (Median(c, "ttft_ms", key, from, to), Median(c, "total_ms", key, from, to)));

    /// <summary>The gateway's days in the range that have any count, with the number of active sessions of each day.</summary>
    public IReadOnlyList<GatewayDayRow> GatewayDays(string from, string to) => db.Read(c =>
    {
        using var command = c.Command(
            "WITH active AS (SELECT day, COUNT(*) AS n FROM stats_session_day WHERE day BETWEEN @from AND @to AND messages > 0 GROUP BY day), " +
            "days AS (SELECT day FROM active UNION SELECT day FROM stats_gateway_day WHERE day BETWEEN @from AND @to) " +
            "SELECT d.day, COALESCE(g.sessions_created, 0), COALESCE(g.switches, 0), COALESCE(g.resets_blocked, 0), " +
            "COALESCE(g.create_errors, 0), COALESCE(a.n, 0) FROM days d LEFT JOIN stats_gateway_day g ON g.day = d.day " +
            "LEFT JOIN active a ON a.day = d.day ORDER BY d.day")
            .With("@from", from).With("@to", to);
        using var reader = command.ExecuteReader();
        var rows = new List<GatewayDayRow>();
        while (reader.Read())
        {
            rows.Add(new GatewayDayRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5)));
        }

        return rows;
    });

    /// <summary>The sessions (not in the trash) with the most tokens, input and output together, in the range.</summary>
    public IReadOnlyList<SessionTokens> TopByTokens(string from, string to, int limit) => db.Read(c =>
    {
        using var command = c.Command(
            "SELECT t.session_key, s.label, t.i, t.o FROM (SELECT session_key, SUM(input_tokens) AS i, SUM(output_tokens) AS o " +
            "FROM stats_session_day WHERE day BETWEEN @from AND @to GROUP BY session_key) t " +
            "JOIN sessions s ON s.key = t.session_key WHERE s.trashed_at IS NULL AND t.i + t.o > 0 " +
            "ORDER BY t.i + t.o DESC, t.session_key LIMIT @limit")
            .With("@from", from).With("@to", to).With("@limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<SessionTokens>();
        while (reader.Read())
        {
            rows.Add(new SessionTokens(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    });

    /// <summary>Sessions not in the trash by kind and persistence (now, not over a range).</summary>
    public IReadOnlyList<SessionGroupCount> SessionGroups() => db.Read(c =>
    {
        using var command = c.Command("SELECT kind, persistent, COUNT(*) FROM sessions WHERE trashed_at IS NULL GROUP BY kind, persistent ORDER BY kind, persistent");
        using var reader = command.ExecuteReader();
        var rows = new List<SessionGroupCount>();
        while (reader.Read())
        {
            rows.Add(new SessionGroupCount(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2)));
        }

        return rows;
    });

    /// <summary>Counts one gateway event on the day of <paramref name="now"/>: its own small write.</summary>
    public Task CountAsync(GatewayCounter counter, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        var column = counter switch
        {
            GatewayCounter.Switch => "switches",
            GatewayCounter.ResetBlocked => "resets_blocked",
            GatewayCounter.CreateError => "create_errors",
            _ => throw new ArgumentOutOfRangeException(nameof(counter), counter, null),
        };
        using var command = c.Command(
            $"INSERT INTO stats_gateway_day (day, {column}) VALUES (@day, 1) ON CONFLICT (day) DO UPDATE SET {column} = stats_gateway_day.{column} + 1", tx)
            .With("@day", AnalyticsRows.Day(now));
        return command.ExecuteNonQuery();
    }, ct);

    /// <summary>A reply that ended without a row to carry its count (aborted before any text): its own small write.</summary>
    public Task ReplyEndedAsync(string key, ReplyTiming ending, long now, CancellationToken ct = default) => db.WriteAsync((c, tx) =>
    {
        if (SessionStore.Get(c, tx, key) is null)
        {
            return false;
        }

        AnalyticsRows.Reply(c, tx, key, now, ending);
        return true;
    }, ct);

    private static double? Median(DbConnection c, string column, string key, string from, string to)
    {
        var where = $"WHERE session_key = @k AND day BETWEEN @from AND @to AND {column} IS NOT NULL";
        using var count = c.Command($"SELECT COUNT(*) FROM reply_timings {where}").With("@k", key).With("@from", from).With("@to", to);
        var n = count.ScalarInt64();
        if (n == 0)
        {
            return null;
        }

        using var middle = c.Command($"SELECT {column} FROM reply_timings {where} ORDER BY {column} LIMIT @take OFFSET @skip")
            .With("@k", key).With("@from", from).With("@to", to).With("@take", 2 - (n % 2)).With("@skip", (n - 1) / 2);
        using var reader = middle.ExecuteReader();
        var values = new List<long>();
        while (reader.Read())
        {
            values.Add(reader.GetInt64(0));
        }

        return values.Average();
    }
}
