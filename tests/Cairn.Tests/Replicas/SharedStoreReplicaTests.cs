using System.Net.Http.Json;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Replicas;
using Cairn.Sessions;
using Cairn.Tests.Support;

namespace Cairn.Tests.Replicas;

/// <summary>Real gateways as replicas on one PostgreSQL database that is their store too: the "Show".</summary>
[Collection(ReplicaPostgresGroup.Name)]
public sealed class SharedStoreReplicaTests(ReplicaPostgres postgres)
{
    [Fact]
    public async Task ClientOnA_CreatesRenamesAndChats_ClientOnB_SeesEveryEventAndTheSameData()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var a = await StartAsync(database);
        await using var b = await StartAsync(database);
        await using var onB = await b.ConnectWsAsync();

        var created = await a.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Project X"));
        var seenCreate = await onB.NextEventAsync<SessionsChangedEvent>(e => e.Key == created.Key);
        Assert.Equal(ChangeReason.Created, seenCreate.Reason);

        await a.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(created.Key, Label: "Project Y"));
        var seenRename = await onB.NextEventAsync<SessionsChangedEvent>(e => e.Key == created.Key && e.Reason == ChangeReason.Patched);
        Assert.Equal("Project Y", seenRename.Entry?.Label);

        var sent = await a.SendAsync(created.Key, "hello fleet");
        Assert.Equal(SendStatus.Final, sent.Status);
        var seenEnd = await onB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Final);
        Assert.Equal(sent.Message!.Text, seenEnd.Text);

        var onBEntry = (await b.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams(created.Key))).Entry;
        Assert.Equal(("Project Y", 2), (onBEntry.Label, onBEntry.MessageCount));
        Assert.Equal(await a.AllRowsAsync(created.Key), await b.AllRowsAsync(created.Key));

        var health = await b.Http.GetFromJsonAsync<HealthReport>(new Uri("/healthz", UriKind.Relative), ProtocolJson.Options);
        Assert.Equal((HealthReport.Ok, "postgres"), (health!.Status, health.Store.Provider));
        Assert.True(health.Replica is { Listening: true, Problem: null });
        Assert.Equal(b.Service<ReplicaDatabase>().ReplicaId, health.Replica!.Id);
    }

    [Fact]
    public async Task IdempotencyKey_UsedOnA_IsKnownOnB()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var a = await StartAsync(database);
        await using var b = await StartAsync(database);

        var first = await a.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("once", "main", IdempotencyKey: "k-1", Wait: true));
        var again = await b.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("once", "main", IdempotencyKey: "k-1", Wait: true));
        var reused = await b.RequestAsync("chat.send", new ChatSendParams("another", "main", IdempotencyKey: "k-1"));

        Assert.Equal((first.RunId, SendStatus.Final), (again.RunId, again.Status));
        Assert.Equal(first.Message?.Text, again.Message?.Text);
        Assert.Equal("idempotency_key_reused", reused.Error?.Detail<string>("reason"));
        Assert.Equal(2, (await b.AllRowsAsync("main")).Count);
    }

    [Fact]
    public async Task Sweeper_WithThreeReplicasUp_ResetsATemporarySessionExactlyOnce()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var idle = (Func<CairnConfig, CairnConfig>)(c => c with { Session = c.Session with { Reset = new ResetPolicyConfig(ResetMode.Idle, 4, 5) } });
        await using var a = await StartAsync(database, idle);
        await using var b = await StartAsync(database, idle);
        await using var c = await StartAsync(database, idle);
        var replicas = new[] { a, b, c };
        await a.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Scratch", Persistent: false));
        await a.SendAsync("scratch", "hello");
        var before = (await c.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("scratch"))).Entry.SessionId;
        foreach (var gw in replicas)
        {
            gw.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        await ReplicaBusTests.WaitUntilAsync(() => replicas.Count(r => r.Service<ILeadership>().IsLeader) == 1);
        var swept = await Task.WhenAll(replicas.Select(r => r.Service<ResetSweeper>().SweepAsync()));

        Assert.Equal(["scratch"], swept.SelectMany(s => s));
        var after = (await b.CallAsync<SessionsGenerationsResult>("sessions.generations", new SessionKeyParams("scratch"))).Generations;
        Assert.Equal(2, after.Count);
        Assert.NotEqual(before, (await b.CallAsync<SessionEntryResult>("sessions.get", new SessionKeyParams("scratch"))).Entry.SessionId);
    }

    internal static async Task<TestGateway> StartAsync(ReplicaTestDatabase database, Func<CairnConfig, CairnConfig>? configure = null)
    {
        var gw = await TestGateway.StartAsync(c =>
        {
            var shared = c with
            {
                Store = c.Store with { Provider = StoreConfig.Postgres, ConnectionString = database.ConnectionString },
                Gateway = c.Gateway with { Token = "fleet-token-for-the-replica-tests" },
            };
            return configure?.Invoke(shared) ?? shared;
        });
        await ReplicaBusTests.WaitUntilAsync(() => gw.Service<ReplicaHealth>().ListenerProblem is null);
        return gw;
    }
}
