using System.Net.Http.Json;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Replicas;
using Cairn.Sessions;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task EveryConnectionDropped_AsWhenTheDatabaseRestarts_TheReplicasRecoverWithoutARestart()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        var logsA = new Cairn.Tests.Observability.CapturingLoggerProvider();
        await using var a = await StartAsync(database, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logsA));
        await using var b = await StartAsync(database);
        var reconnectsBefore = b.Service<ReplicaHealth>().Reconnects;

        Assert.True(await database.TerminateAsync("%") >= 4);

        await ReplicaBusTests.WaitUntilAsync(() => b.Service<ReplicaHealth>().Reconnects > reconnectsBefore
            && b.Service<ReplicaHealth>().ListenerProblem is null && a.Service<ReplicaHealth>().ListenerProblem is null);
        await using var onB = await b.ConnectWsAsync();
        var created = await RetryAsync(() => a.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("After The Storm")));
        try
        {
            Assert.Equal(ChangeReason.Created, (await onB.NextEventAsync<SessionsChangedEvent>(e => e.Key == created.Key)).Reason);
        }
        catch (TimeoutException)
        {
            Assert.Fail("B never saw the event of A; the log of A:\n" + string.Join("\n", logsA.Entries.Select(e => e.Category + ": " + e.Message)));
        }

        var sent = await RetryAsync(() => b.SendAsync(created.Key, "still here?"));
        Assert.Equal(SendStatus.Final, sent.Status);
        await ReplicaBusTests.WaitUntilAsync(() => a.Service<ILeadership>().IsLeader ^ b.Service<ILeadership>().IsLeader);
    }

    /// <summary>A call right after the connections dropped may meet a pooled connection that is gone (one UNAVAILABLE); the next works.</summary>
    private static async Task<T> RetryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Cairn.Client.CairnCallException ex) when (ex.Message.Contains("UNAVAILABLE", StringComparison.Ordinal))
        {
            return await call();
        }
    }

    internal static async Task<TestGateway> StartAsync(ReplicaTestDatabase database, Func<CairnConfig, CairnConfig>? configure = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var gw = await TestGateway.StartAsync(services: services, configure: c =>
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
