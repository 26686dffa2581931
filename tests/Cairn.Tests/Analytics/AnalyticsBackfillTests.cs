using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Analytics;

/// <summary>A store made before the analytics step gets its aggregates from the stored messages and sessions when it upgrades.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class AnalyticsBackfillTests
{
    private const long Day1 = 1_772_445_600_000; // 2026-03-02 10:00 UTC
    private const long Day = 86_400_000;

    [Fact]
    public async Task Upgrade_BackfillsMessagesTokensRepliesCompactionsAndCreations()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, CairnDatabase.FileName);
        var before = Migrations.Steps.ToList().FindIndex(s => s.Contains("CREATE TABLE stats_session_day", StringComparison.Ordinal));
        using (var old = CairnDatabase.Open(path, migrateTo: before))
        {
            await old.WriteAsync((c, tx) =>
            {
                using var command = c.CreateCommand();
                command.Transaction = tx;
                command.CommandText =
                    "INSERT INTO sessions (key, session_id, label, label_norm, persistent, user_created, kind, created_at, updated_at) " +
                    $"VALUES ('work', 'g1', 'Work', 'work', 1, 1, 'named', {Day1}, {Day1});" +
                    "INSERT INTO messages (session_key, session_id, seq, role, text, created_at, input_tokens, output_tokens, run_id, incomplete) VALUES " +
                    $"('work', 'g1', 1, 'user', 'q', {Day1}, NULL, NULL, 'r1', NULL)," +
                    $"('work', 'g1', 2, 'assistant', 'a', {Day1}, 7, 9, 'r1', NULL)," +
                    $"('work', 'g1', 3, 'user', 'q2', {Day1 + Day}, NULL, NULL, 'r2', NULL)," +
                    $"('work', 'g1', 4, 'assistant', 'cut', {Day1 + Day}, 1, 2, 'r2', 1)," +
                    $"('work', 'g1', 5, 'error', 'failed', {Day1 + Day}, NULL, NULL, 'r2', NULL)," +
                    $"('work', 'g1', 6, 'summary', 's', {Day1 + Day}, NULL, NULL, NULL, NULL)," +
                    $"('work', 'g1', 7, 'notice', 'n', {Day1 + Day}, NULL, NULL, NULL, NULL);";
                return command.ExecuteNonQuery();
            });
        }

        using var db = CairnDatabase.Open(path);
        var store = new AnalyticsStore(db);

        Assert.Equal(
            [
                new SessionDayRow("2026-03-02", 2, 7, 9, 0, 0, 1, 0, 0),
                new SessionDayRow("2026-03-03", 2, 1, 2, 1, 0, 0, 1, 0),
            ],
            store.SessionDays("work", "2026-03-01", "2026-03-31"));
        Assert.Equal([new GatewayDayRow("2026-03-02", 1, 0, 0, 0, 1), new GatewayDayRow("2026-03-03", 0, 0, 0, 0, 1)],
            store.GatewayDays("2026-03-01", "2026-03-31"));
        Assert.Equal((null, null), store.Medians("work", "2026-03-01", "2026-03-31"));
    }
}
