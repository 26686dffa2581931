using System.Net;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Observability;

/// <summary>
/// A full disk, made real for SQLite with <c>PRAGMA max_page_count</c> on the writer (the file may not grow: every
/// write that needs a new page fails with SQLITE_FULL, "database or disk is full"): writes are UNAVAILABLE with the
/// reason, a reply that cannot be stored says so, <c>/healthz</c> is degraded, and all of it mends when space returns.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class FullDiskTests
{
    private static readonly string Big = string.Concat(Enumerable.Repeat("disk filler. ", 2_400));

    [Fact]
    public async Task AWriteOnAFullDisk_IsUnavailableWithTheReason_HealthIsDegraded_AndBothMendWhenSpaceReturns()
    {
        await using var gw = await TestGateway.StartAsync();
        await FillDiskAsync(gw);

        var refused = await gw.RequestAsync<ChatSendResult>("chat.send", new ChatSendParams(Big, SessionKey: "main"));
        var (status, health, _) = await ObservabilityHelpers.GetAsync(gw, "/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Equal(ErrorCode.Unavailable, refused.Error?.Code);
        Assert.Equal("storage_full", refused.Error?.Detail<string>("reason"));
        Assert.Contains("disk is full", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(200, status);
        Assert.Equal("degraded", health!.Value.GetProperty("status").GetString());
        Assert.False(health.Value.GetProperty("store").GetProperty("writable").GetBoolean());
        Assert.Contains("disk is full", health.Value.GetProperty("store").GetProperty("problem").GetString(), StringComparison.Ordinal);

        await FreeDiskAsync(gw);
        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(Big, SessionKey: "main", Wait: true));
        var (_, healed, _) = await ObservabilityHelpers.GetAsync(gw, "/healthz");

        Assert.Equal(SendStatus.Final, sent.Status);
        Assert.Equal("ok", healed!.Value.GetProperty("status").GetString());
        Assert.True(healed.Value.GetProperty("store").GetProperty("writable").GetBoolean());
    }

    [Fact]
    public async Task AReplyThatCannotBeStoredOnAFullDisk_IsAStorageError_NotAProviderOne()
    {
        TestGateway? gateway = null;
        var model = new ScriptedChatClient();
        model.Scripts.Add((_, _, ct) => FillThenSay(() => FillDiskAsync(gateway!), Big, ct));
        await using var gw = gateway = await TestGateway.StartAsync(services: s => s.AddSingleton<IChatClient>(model));

        var sent = await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("tell me a long story", SessionKey: "main", Wait: true));

        Assert.Equal(SendStatus.Error, sent.Status);
        Assert.Equal("storage_full", sent.Reason);
        Assert.Contains("could not be saved", sent.Error, StringComparison.Ordinal);
        Assert.Contains("disk is full", sent.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("provider", sent.Error, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>No page may be added to the file from now on.</summary>
    private static Task<int> FillDiskAsync(TestGateway gw) => gw.Service<CairnDatabase>().WriteAsync((c, tx) =>
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"PRAGMA max_page_count = {PageCount(c, tx)};";
        return command.ExecuteNonQuery();
    });

    private static Task<int> FreeDiskAsync(TestGateway gw) => gw.Service<CairnDatabase>().WriteAsync((c, tx) =>
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA max_page_count = 1073741823;";
        return command.ExecuteNonQuery();
    });

    private static long PageCount(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "PRAGMA page_count;";
        return (long)command.ExecuteScalar()!;
    }

    private static async IAsyncEnumerable<ChatResponseUpdate> FillThenSay(Func<Task> fill, string text,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await fill();
        await foreach (var update in ScriptedChatClient.Stream(ct, ScriptedChatClient.TextUpdate(text), ScriptedChatClient.Finish()))
        {
            yield return update;
        }
    }
}
