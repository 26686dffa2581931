using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Store;

/// <summary>
/// A gateway's start-up looks for the replies its previous process left streaming. That query read every message of
/// the store (a full scan: about 1 s at 400,000 messages, holding the writer, and start-up at 100,000 sessions went from
/// under 0.5 s to 1 s); migration 17 gives it a partial index of the streaming rows, which it must use.
/// </summary>
public sealed class StreamingRowsIndexTests
{
    [Fact]
    public void TheStartUpQueryOfStreamingReplies_ReadsThePartialIndex_NotEveryMessage()
    {
        using var dir = new TempDir();
        using var db = TestStore.Open(dir.Path);
        var plan = db.Read(c =>
        {
            var sql = TestStore.IsPostgres
                ? "SET enable_seqscan = off; EXPLAIN " + TranscriptStore.StreamingRowsSql // a new store is tiny: make the planner show whether it can use the index
                : "EXPLAIN QUERY PLAN " + TranscriptStore.StreamingRowsSql;
            using var command = c.Command(sql);
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
            }

            return string.Join("\n", lines);
        });

        Assert.Contains("ix_messages_streaming", plan, StringComparison.Ordinal);
    }
}
