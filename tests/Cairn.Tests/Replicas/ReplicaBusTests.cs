using System.Collections.Concurrent;
using Cairn.Protocol;
using Cairn.Replicas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cairn.Tests.Replicas;

/// <summary>The event relay between replicas on a real PostgreSQL: two buses, two hubs, one database.</summary>
[Collection(ReplicaPostgresGroup.Name)]
public sealed class ReplicaBusTests(ReplicaPostgres postgres)
{
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EventsOfOneReplica_ReachTheOtherInOrder_LargeOnesByReference_AndAreNotDeliveredTwiceWhereTheyWerePublished()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var a = await Node.StartAsync(database.ConnectionString);
        await using var b = await Node.StartAsync(database.ConnectionString);
        var onA = new ConcurrentQueue<GatewayEvent>();
        var onB = new BlockingCollection<GatewayEvent>();
        using var subA = a.Hub.Subscribe(onA.Enqueue);
        using var subB = b.Hub.Subscribe(onB.Add);

        var large = new string('x', 20_000) + "é";
        a.Hub.Publish(new SessionsChangedEvent(ChangeReason.Created, "work", null));
        for (var i = 1; i <= 50; i++)
        {
            a.Hub.Publish(new ChatEvent("run-1", "work", i, RunState.Delta, $"d{i}"));
        }

        a.Hub.Publish(new ChatEvent("run-1", "work", 51, RunState.Final, large));

        var received = Take(onB, 52);
        Assert.Equal(new SessionsChangedEvent(ChangeReason.Created, "work", null), received[0].Payload);
        Assert.Equal(Enumerable.Range(1, 51).Select(i => (long)i), received.Skip(1).Select(e => ((ChatEvent)e.Payload).Seq));
        Assert.Equal(large, ((ChatEvent)received[^1].Payload).Text);

        // B answers after it has everything: when its answer reaches A, A's listener has seen (and skipped) its own echoes.
        b.Hub.Publish(new SessionsChangedEvent(ChangeReason.Deleted, "marker", null));
        await WaitUntilAsync(() => onA.Any(e => e.Payload is SessionsChangedEvent { Key: "marker" }));
        Assert.Equal(53, onA.Count);
        Assert.Single(onA, e => e.Payload is SessionsChangedEvent { Key: "work" });
        var ownOnB = Assert.Single(Take(onB, 0));
        Assert.Equal("marker", ((SessionsChangedEvent)ownOnB.Payload).Key);
    }

    [Fact]
    public async Task Listener_DroppedByTheDatabase_ReconnectsSaysSoAndCarriesEventsAgain()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var a = await Node.StartAsync(database.ConnectionString);
        await using var b = await Node.StartAsync(database.ConnectionString);
        var onB = new BlockingCollection<GatewayEvent>();
        using var subB = b.Hub.Subscribe(onB.Add);

        Assert.True(await database.TerminateAsync("LISTEN%") >= 2);
        await WaitUntilAsync(() => b.Health.Reconnects >= 1 && b.Health.ListenerProblem is null);
        await WaitUntilAsync(() => a.Health.Reconnects >= 1 && a.Health.ListenerProblem is null);

        a.Hub.Publish(new SessionsChangedEvent(ChangeReason.Patched, "after", null));
        Assert.Equal("after", ((SessionsChangedEvent)Take(onB, 1)[0].Payload).Key);
    }

    private static List<GatewayEvent> Take(BlockingCollection<GatewayEvent> from, int count)
    {
        var taken = new List<GatewayEvent>();
        using var cap = new CancellationTokenSource(count == 0 ? TimeSpan.FromMilliseconds(300) : Cap);
        try
        {
            while (count == 0 || taken.Count < count)
            {
                taken.Add(from.Take(cap.Token));
            }
        }
        catch (OperationCanceledException) when (count == 0)
        {
        }

        return taken;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cap = new CancellationTokenSource(Cap);
        while (!condition())
        {
            await Task.Delay(20, cap.Token);
        }
    }

    /// <summary>A replica's bus and hub, without the rest of a gateway.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private Node(ReplicaDatabase db, ReplicaBus bus, ReplicaHealth health)
        {
            Db = db;
            Bus = bus;
            Health = health;
            Hub = new EventHub(bus);
        }

        public ReplicaDatabase Db { get; }

        public ReplicaBus Bus { get; }

        public EventHub Hub { get; }

        public ReplicaHealth Health { get; }

        public static async Task<Node> StartAsync(string connectionString)
        {
            ReplicaPostgres.Migrate(connectionString);
            var db = new ReplicaDatabase(connectionString);
            var health = new ReplicaHealth();
            var node = new Node(db, new ReplicaBus(db, health, NullLogger<ReplicaBus>.Instance), health);
            await node.Bus.StartAsync(CancellationToken.None);
            await WaitUntilAsync(() => health.ListenerProblem is null);
            return node;
        }

        public async ValueTask DisposeAsync()
        {
            await Bus.StopAsync(CancellationToken.None);
            Bus.Dispose();
            await Db.DisposeAsync();
        }
    }
}
