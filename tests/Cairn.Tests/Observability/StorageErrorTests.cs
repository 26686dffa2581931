using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Observability;

/// <summary>A failure during a chat run lands in its own bucket: the store's is a storage error, never a provider error.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class StorageErrorTests
{
    [Fact]
    public async Task StoreFailure_WhileSavingTheReply_IsLoggedAndCountedAsStorage_NotAsProvider()
    {
        var logs = new CapturingLoggerProvider();
        await using var gw = await TestGateway.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        // The model answers; then the store refuses the reply row, as a full disk or a damaged file would.
        await gw.Service<CairnDatabase>().WriteAsync((c, tx) =>
        {
            using var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "CREATE TRIGGER refuse_replies BEFORE INSERT ON messages WHEN NEW.role = 'assistant' " +
                "BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END;";
            return command.ExecuteNonQuery();
        });
        var before = await gw.ScrapeAsync();

        var sent = await gw.OkAsync("chat.send", new { sessionKey = "main", message = "hello", wait = true });
        var after = await gw.ScrapeAsync();

        Assert.Equal("error", sent.GetProperty("status").GetString());
        Assert.Equal("The reply could not be saved; the gateway log has the details.", sent.GetProperty("error").GetString());
        double Delta(string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);
        Assert.Equal(0, Delta("cairn_chat_provider_errors_total"));
        Assert.Equal(1, Delta("cairn_storage_errors_total", ("operation", "chat.reply")));
        Assert.Equal(1, Delta("cairn_chat_runs_total", ("status", "error")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("the store failed (chat.reply)", StringComparison.Ordinal)
            && e.Message.Contains("simulated disk failure", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("provider failed", StringComparison.Ordinal));
        var history = await gw.OkAsync("chat.history", new { sessionKey = "main" });
        Assert.Equal(["user"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }
}
