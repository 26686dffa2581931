using System.Collections.Concurrent;
using System.Diagnostics;
using Cairn.Config;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Tests.Security;

/// <summary>Racing clients: one winner per label, no lost updates, and a final state that matches what was acknowledged.</summary>
[Collection(SerialTests.Name)]
public sealed class ConcurrencyTests(ITestOutputHelper output)
{
    /// <summary>Load tests measure consistency, not the rate limiter (whose clock is frozen in tests).</summary>
    internal static CairnConfig Unlimited(CairnConfig c) => c with
    {
        Gateway = c.Gateway with { Limits = c.Gateway.Limits with { MessagesPerSecond = 1_000_000, MessageBurst = 1_000_000 } },
    };

    [Fact]
    public async Task TwoClientsRacingToCreateTheSameLabel_GetOneSuccessAndOneConflict()
    {
        await using var gw = await TestGateway.StartAsync(Unlimited);
        await using var a = await Rpc.WsAsync(gw.Host.Address, gw.Token!);
        await using var b = Rpc.Http(gw.Host.Address, gw.Token!);

        for (var round = 0; round < 25; round++)
        {
            var label = $"Race {round}";
            var replies = await Task.WhenAll(
                a.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label)),
                b.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label.ToUpperInvariant())));

            Assert.Single(replies, r => r.Ok);
            var loser = Assert.Single(replies, r => !r.Ok);
            Assert.Equal(ErrorCode.Conflict, loser.Error!.Code);
            Assert.Equal("label", loser.Error.Detail<string>("field"));
        }

        var list = await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 200));
        Assert.Equal(26, list.Total);
    }

    [Fact]
    public async Task TwoClientsRacingForTheSameKey_GetOneSuccessAndOneConflict()
    {
        await using var gw = await TestGateway.StartAsync(Unlimited);
        await using var a = await Rpc.WsAsync(gw.Host.Address, gw.Token!);
        await using var b = await Rpc.WsAsync(gw.Host.Address, gw.Token!);

        for (var round = 0; round < 25; round++)
        {
            var key = $"race-key-{round}";
            var replies = await Task.WhenAll(
                a.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"A {round}", key)),
                b.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"B {round}", key)));

            Assert.Single(replies, r => r.Ok);
            Assert.Equal(ErrorCode.Conflict, Assert.Single(replies, r => !r.Ok).Error!.Code);
        }
    }

    [Fact]
    public async Task ParallelPatchesWithExpectedRevRetries_LoseNoUpdate()
    {
        const int Workers = 16;
        const int IncrementsEach = 10;
        await using var gw = await TestGateway.StartAsync(Unlimited);
        var created = await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Counter", Description: "0"));
        var initialRev = created.Entry.Rev;
        var conflicts = 0;

        var workers = Enumerable.Range(0, Workers).Select(async w =>
        {
            await using var rpc = w % 2 == 0 ? await Rpc.WsAsync(gw.Host.Address, gw.Token!) : Rpc.Http(gw.Host.Address, gw.Token!);
            for (var done = 0; done < IncrementsEach;)
            {
                var entry = (await rpc.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("counter"))).Result.Entry;
                var next = int.Parse(entry.Description!, System.Globalization.CultureInfo.InvariantCulture) + 1;
                var patched = await rpc.CallAsync<SessionEntryResult>("sessions.patch",
                    new SessionsPatchParams("counter", Description: next.ToString(System.Globalization.CultureInfo.InvariantCulture), ExpectedRev: entry.Rev));
                if (patched.Ok)
                {
                    done++;
                }
                else
                {
                    Assert.Equal(ErrorCode.Conflict, patched.Error!.Code);
                    Interlocked.Increment(ref conflicts);
                }
            }
        });
        await Task.WhenAll(workers);

        var final = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("counter"))).Entry;
        Assert.Equal((Workers * IncrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), final.Description);
        Assert.Equal(initialRev + (Workers * IncrementsEach), final.Rev);
    }

    [Fact]
    public async Task ThirtyTwoClientsFor20SecondsCreatingRenamingTogglingAndChatting_OnlyExpectedConflicts_AndTheFinalStateMatchesWhatWasAcknowledged()
    {
        await using var gw = await TestGateway.StartAsync(Unlimited);
        var ledger = new Ledger();
        var clients = new List<Rpc>();
        for (var i = 0; i < 32; i++)
        {
            clients.Add(i % 2 == 0 ? await Rpc.WsAsync(gw.Host.Address, gw.Token!) : Rpc.Http(gw.Host.Address, gw.Token!));
        }

        try
        {
            var until = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select((rpc, i) => Task.Run(() => WorkAsync(rpc, new Random(i), ledger, () => until.Elapsed < TimeSpan.FromSeconds(20)))));

            output.WriteLine($"creates {ledger.Creates}, patches {ledger.Patches}, chats {ledger.Chats.Values.Sum()}, conflicts {ledger.Conflicts}");
            Assert.Empty(ledger.Unexpected);
            Assert.True(ledger.Creates > 0 && ledger.Patches > 0 && ledger.Conflicts > 0, $"creates {ledger.Creates}, patches {ledger.Patches}, conflicts {ledger.Conflicts}");
            await AssertFinalStateAsync(gw, ledger);
            // Every client hears every change: one per create and patch, and one per chat turn (its new counters).
            var patched = ledger.Patches + ledger.Chats.Values.Sum();
            foreach (var ws in clients.Where(c => c.Transport == "ws"))
            {
                try
                {
                    await WebSocketLimitTests.WaitUntilAsync(() => ws.EventsOf("sessions.changed:created") >= ledger.Creates && ws.EventsOf("sessions.changed:patched") >= patched);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"a client heard {ws.EventsOf("sessions.changed:created")} of {ledger.Creates} creates and " +
                        $"{ws.EventsOf("sessions.changed:patched")} of {patched} patches within 15 s; its connection: {ws.Connection}");
                }

                Assert.Equal(ledger.Creates, ws.EventsOf("sessions.changed:created"));
                Assert.Equal(patched, ws.EventsOf("sessions.changed:patched"));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static async Task WorkAsync(Rpc rpc, Random random, Ledger ledger, Func<bool> running)
    {
        while (running())
        {
            var key = ledger.RandomKey(random) ?? "";
            var op = key.Length == 0 ? 0 : random.Next(10);
            switch (op)
            {
                case < 3:
                    ledger.Record(await rpc.CallAsync<SessionsCreateResult>("sessions.create",
                        new SessionsCreateParams($"Load {random.Next(2000)}", Persistent: random.Next(2) == 0)), key);
                    break;
                case < 6:
                    ledger.Record(await rpc.CallAsync<SessionEntryResult>("sessions.patch", random.Next(2) == 0
                        ? new SessionsPatchParams(key, $"Renamed {random.Next(4000)}", ExpectedRev: ledger.Rev(key))
                        : new SessionsPatchParams(key, $"Renamed {random.Next(4000)}")), key);
                    break;
                case < 8:
                    ledger.Record(await rpc.CallAsync<SessionEntryResult>("sessions.patch",
                        new SessionsPatchParams(key, Persistent: !ledger.Persistent(key), ExpectedRev: ledger.Rev(key))), key);
                    break;
                case < 9:
                    ledger.Record(await rpc.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"hello {random.Next()}", key, Wait: true)), key);
                    break;
                default:
                    ledger.Record(await rpc.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 20, Sort: SessionSort.Updated)), key);
                    break;
            }
        }
    }

    private static async Task AssertFinalStateAsync(TestGateway gw, Ledger ledger)
    {
        var total = (await gw.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1))).Total;
        Assert.Equal(1 + ledger.Creates, total);
        foreach (var (key, acks) in ledger.Acks)
        {
            var entry = (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry;
            var byRev = acks.ToList();
            Assert.Equal(byRev.Count, byRev.Select(a => a.Rev).Distinct().Count()); // two acks never share a revision
            var last = byRev.MaxBy(a => a.Rev)!;
            Assert.Equal(last.Rev, entry.Rev);
            Assert.Equal(byRev.Count, last.Rev); // rev 1 at create, +1 per acknowledged patch: nothing unacknowledged, nothing lost
            Assert.Equal(last.Label, entry.Label);
            Assert.Equal(last.Persistent, entry.Persistent);
            var chats = ledger.Chats.GetValueOrDefault(key);
            Assert.Equal(2 * chats, entry.MessageCount); // each turn: the message and its reply
            var history = (await gw.CallAsync<ChatHistoryResult>("chat.history", new ChatHistoryParams(key, Limit: 500))).Messages;
            Assert.Equal(chats, history.Count(m => m.Role == MessageRoles.User));
            Assert.Equal(chats, history.Count(m => m.Role == MessageRoles.Assistant));
        }

        Assert.Equal("ok", gw.Service<CairnDatabase>().IntegrityCheck());
    }

    private sealed record Ack(int Rev, string Label, bool Persistent);

    /// <summary>Everything the clients were told, shared between them.</summary>
    private sealed class Ledger
    {
        private readonly ConcurrentDictionary<string, (int Rev, bool Persistent)> _latest = new();
        private readonly List<string> _keys = [];
        private int _creates;
        private int _patches;
        private int _conflicts;

        public ConcurrentDictionary<string, ConcurrentBag<Ack>> Acks { get; } = new();

        public ConcurrentQueue<string> Unexpected { get; } = new();

        public int Creates => _creates;

        public int Patches => _patches;

        public int Conflicts => _conflicts;

        public string? RandomKey(Random random)
        {
            lock (_keys)
            {
                return _keys.Count == 0 ? null : _keys[random.Next(_keys.Count)];
            }
        }

        public int Rev(string key) => _latest.TryGetValue(key, out var l) ? l.Rev : 1;

        public bool Persistent(string key) => _latest.TryGetValue(key, out var l) && l.Persistent;

        public ConcurrentDictionary<string, int> Chats { get; } = new();

        /// <summary>Records one reply: the typed result says which operation it was.</summary>
        public void Record<T>(RpcReply<T> reply, string key)
        {
            if (!reply.Ok)
            {
                if (reply.Error!.Code == ErrorCode.Conflict && reply.Method != "sessions.list")
                {
                    Interlocked.Increment(ref _conflicts);
                }
                else
                {
                    Unexpected.Enqueue(reply.ToString());
                }

                return;
            }

            switch (reply.Value)
            {
                case ChatSendResult { Status: SendStatus.Final }:
                    Chats.AddOrUpdate(key, 1, (_, n) => n + 1);
                    return;
                case ChatSendResult:
                    Unexpected.Enqueue($"chat.send: {reply}");
                    return;
                case SessionsCreateResult created:
                    Acknowledge(created.Entry, created: true);
                    return;
                case SessionEntryResult patched:
                    Acknowledge(patched.Entry, created: false);
                    return;
            }
        }

        private void Acknowledge(SessionEntry entry, bool created)
        {
            var key = entry.Key;
            var ack = new Ack(entry.Rev, entry.Label, entry.Persistent);
            Acks.GetOrAdd(key, _ => []).Add(ack);
            _latest.AddOrUpdate(key, (ack.Rev, ack.Persistent), (_, old) => ack.Rev > old.Rev ? (ack.Rev, ack.Persistent) : old);
            if (created)
            {
                Interlocked.Increment(ref _creates);
                lock (_keys)
                {
                    _keys.Add(key);
                }
            }
            else
            {
                Interlocked.Increment(ref _patches);
            }
        }
    }
}
