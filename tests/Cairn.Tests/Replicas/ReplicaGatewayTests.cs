using Cairn.Protocol;
using Cairn.Replicas;
using Cairn.Sessions;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cairn.Tests.Replicas;

/// <summary>
/// Real gateways as replicas of one fleet on a real PostgreSQL (leases, bus, leader), each on its own SQLite store: what
/// the fleet shares through PostgreSQL besides the store. The tests on one shared store are in <c>SharedStoreReplicaTests</c>.
/// </summary>
[Collection(ReplicaPostgresGroup.Name)]
public sealed class ReplicaGatewayTests(ReplicaPostgres postgres)
{
    [Fact]
    public async Task SendOnB_WhileAStreams_IsRefusedRunActive_AbortFromBStopsAsRun_ThenBSendsAtOnce()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var modelA = new ScriptedChatClient();
        modelA.Scripts.Add(ScriptedChatClient.Hangs("partial"));
        var modelB = new ScriptedChatClient();
        modelB.Scripts.Add(ScriptedChatClient.Says("hello from B"));
        await using var a = await StartReplicaAsync(database, modelA);
        await using var b = await StartReplicaAsync(database, modelB);
        await using var watcherB = await b.ConnectWsAsync();

        var sent = await a.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", "main"));
        var delta = await watcherB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Delta);
        Assert.Equal("partial", delta.Text);

        var refused = await b.RequestAsync("chat.send", new ChatSendParams("me too", "main"));
        Assert.Equal(ErrorCode.Conflict, refused.Error?.Code);
        Assert.Equal("run_active", refused.Error!.Detail<string>("reason"));
        Assert.Equal(sent.RunId, refused.Error.Detail<string>("runId"));

        var aborted = await b.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("main"));
        Assert.True(aborted.Aborted);
        Assert.Equal([sent.RunId!], aborted.RunIds);
        var end = await watcherB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State != RunState.Delta);
        Assert.Equal(RunState.Aborted, end.State);
        Assert.Equal("partial", end.Text);

        var again = await b.SendAsync("main", "now me");
        Assert.Equal(SendStatus.Final, again.Status);
        Assert.Equal("hello from B", again.Message?.Text);
        Assert.False((await a.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("main"))).Aborted);
    }

    [Fact]
    public async Task OwnersConnectionDies_TheLeaseIsFreeAtOnce_TheNextSendEndsTheOrphanAsInterrupted()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var modelA = new ScriptedChatClient();
        modelA.Scripts.Add(ScriptedChatClient.Hangs("partial"));
        var modelB = new ScriptedChatClient();
        modelB.Scripts.Add(ScriptedChatClient.Says("served by B"));
        await using var a = await StartReplicaAsync(database, modelA);
        await using var b = await StartReplicaAsync(database, modelB);
        await using var watcherA = await a.ConnectWsAsync();
        await using var watcherB = await b.ConnectWsAsync();
        var sent = await a.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hi", "main"));
        await watcherA.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Delta);
        var streaming = await PartialReplyTests.RowWhenAsync(a, sent.RunId!, _ => true);
        Assert.Equal(("partial", true, Cairn.Store.TranscriptStore.Streaming), (streaming.Text, streaming.Incomplete, streaming.Reason));

        // What a killed replica's kernel does to its sockets: the server ends A's lock connection, and with it the lease.
        Assert.Equal(1, await TerminateHolderAsync(database, AdvisoryKeys.Run("main")));

        var served = await b.SendAsync("main", "anyone there?");
        Assert.Equal(SendStatus.Final, served.Status);
        var orphan = await watcherB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State != RunState.Delta);
        Assert.Equal((RunState.Error, OrphanedRuns.Reason), (orphan.State, orphan.Reason));

        // A learns it lost the lease at its next lock round trip (the election's tick) and stops the run.
        var stopped = await watcherA.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Aborted);
        Assert.Equal("partial", stopped.Text);
    }

    [Fact]
    public async Task ThreeReplicas_ElectOneLeader_OnlyItSweeps_AndAnotherTakesOverWhenItStops()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var replicas = new List<TestGateway>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await StartReplicaAsync(database, null,
                    c => c with { Session = c.Session with { Reset = new Cairn.Config.ResetPolicyConfig(Cairn.Config.ResetMode.Idle, 4, 5) } }));
            }

            foreach (var gw in replicas)
            {
                await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Temp", Persistent: false));
                await gw.SendAsync("temp", "hello");
                gw.Clock.Advance(TimeSpan.FromMinutes(10));
            }

            var leader = await OneLeaderAsync(replicas);
            var swept = new List<IReadOnlyList<string>>();
            foreach (var gw in replicas)
            {
                swept.Add(await gw.Service<ResetSweeper>().SweepAsync());
            }

            Assert.Equal([["temp"], [], []], swept.OrderByDescending(s => s.Count));
            Assert.Equal(["temp"], swept[replicas.IndexOf(leader)]);

            await leader.DisposeAsync();
            replicas.Remove(leader);
            var next = await OneLeaderAsync(replicas);
            Assert.Contains(next, replicas);
        }
        finally
        {
            foreach (var gw in replicas)
            {
                await gw.DisposeAsync();
            }
        }
    }

    private static async Task<TestGateway> OneLeaderAsync(IReadOnlyList<TestGateway> replicas)
    {
        // The election ticks every 5 s; a dead leader's lock is free at once, so 30 s is a generous cap.
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var leaders = replicas.Where(r => r.Service<ILeadership>().IsLeader).ToList();
            if (leaders.Count == 1)
            {
                return leaders[0];
            }

            Assert.True(leaders.Count == 0, "two leaders at once");
            await Task.Delay(50, cap.Token);
        }
    }

    internal static async Task<TestGateway> StartReplicaAsync(ReplicaTestDatabase database, IChatClient? model,
        Func<Cairn.Config.CairnConfig, Cairn.Config.CairnConfig>? configure = null)
    {
        // Each on its own SQLite store here, so the fleet's database gets its tables from the PostgreSQL migrations by hand.
        ReplicaPostgres.Migrate(database.ConnectionString);
        var gw = await TestGateway.StartAsync(configure, services: s =>
        {
            if (model is not null)
            {
                s.AddSingleton(model);
            }

            s.AddReplicas(database.ConnectionString);
        });
        await ReplicaBusTests.WaitUntilAsync(() => gw.Service<ReplicaHealth>().ListenerProblem is null);
        return gw;
    }

    /// <summary>Ends the server session holding an advisory lock (and waits until it is gone), as the server does when the holder's socket closes.</summary>
    private static async Task<int> TerminateHolderAsync(ReplicaTestDatabase database, long key)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand(
            "SELECT COUNT(pg_terminate_backend(pid, 10000)) FROM pg_locks WHERE locktype = 'advisory' AND granted " +
            "AND classid::bigint = @hi AND objid::bigint = @lo AND objsubid = 1", connection);
        kill.Parameters.AddWithValue("hi", (long)(uint)(key >> 32));
        kill.Parameters.AddWithValue("lo", (long)(uint)key);
        return Convert.ToInt32(await kill.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
