using Cairn.Config;
using Cairn.Protocol;
using Cairn.Sessions;
using Cairn.Tests.Chat.Providers;
using Cairn.Tests.Support;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Replicas;

/// <summary>
/// The leader's reset sweep asks the whole fleet whether a session has a run: a reply streaming on another replica
/// keeps the session from being reset under it (the leader's own runs alone would not know of it).
/// </summary>
[Collection(ReplicaPostgresGroup.Name)]
public sealed class FleetSweepTests(ReplicaPostgres postgres)
{
    [Fact]
    public async Task RunStreamingOnB_TheLeadersSweep_LeavesTheSessionAlone_UntilTheRunEnds()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var first = await StartAsync(database);
        await using var second = await StartAsync(database);
        var leader = await OneLeaderAsync(first, second);
        var runner = leader == first ? second : first;
        await using var watcher = await runner.ConnectWsAsync();

        await leader.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        var sent = await runner.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", "scratch"));
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Delta);
        var before = await SessionIdAsync(leader);
        Advance(first, second);

        Assert.False(leader.Service<IActiveRuns>().IsActive("scratch"));
        Assert.True(await leader.Service<IActiveRuns>().IsActiveInFleetAsync("scratch", CancellationToken.None));
        Assert.Empty(await leader.Service<ResetSweeper>().SweepAsync());
        Assert.Equal(before, await SessionIdAsync(leader));

        // The run ends (its partial reply stored now, so the idle clock starts again): the next due sweep resets it.
        await runner.CallAsync<ChatAbortResult>("chat.abort", new ChatAbortParams("scratch"));
        await watcher.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Aborted);
        Advance(first, second);
        Assert.False(await leader.Service<IActiveRuns>().IsActiveInFleetAsync("scratch", CancellationToken.None));
        Assert.Equal(["scratch"], await leader.Service<ResetSweeper>().SweepAsync());
        Assert.NotEqual(before, await SessionIdAsync(runner));
    }

    private static Task<TestGateway> StartAsync(ReplicaTestDatabase database)
    {
        var model = new ScriptedChatClient();
        model.Scripts.Add(ScriptedChatClient.Hangs("partial"));
        return SharedStoreReplicaTests.StartAsync(database,
            c => c with { Session = c.Session with { Reset = new ResetPolicyConfig(ResetMode.Idle, 4, 5) } },
            s => s.AddSingleton<IChatClient>(model));
    }

    private static void Advance(params TestGateway[] replicas)
    {
        foreach (var gw in replicas)
        {
            gw.Clock.Advance(TimeSpan.FromMinutes(10));
        }
    }

    private static async Task<string> SessionIdAsync(TestGateway gw) =>
        (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("scratch"))).Entry.SessionId;

    private static async Task<TestGateway> OneLeaderAsync(params TestGateway[] replicas)
    {
        await ReplicaBusTests.WaitUntilAsync(() => replicas.Count(r => r.Service<ILeadership>().IsLeader) == 1);
        return replicas.Single(r => r.Service<ILeadership>().IsLeader);
    }
}
