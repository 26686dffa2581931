using System.Collections.Concurrent;
using System.Diagnostics;
using Cairn.Config;
using Cairn.Store;
using Cairn.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Tests.Security;

/// <summary>Racing clients: one winner per label, no lost updates, and a final state that matches what was acknowledged.</summary>
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
                a.CallAsync("sessions.create", new { label }),
                b.CallAsync("sessions.create", new { label = label.ToUpperInvariant() }));

            Assert.Single(replies, r => r.Ok);
            var loser = Assert.Single(replies, r => !r.Ok);
            Assert.Equal("CONFLICT", loser.Code);
            Assert.Equal("label", loser.Value.GetProperty("details").GetProperty("field").GetString());
        }

        var list = await gw.OkAsync("sessions.list", new { limit = 200 });
        Assert.Equal(26, list.GetProperty("total").GetInt32());
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
                a.CallAsync("sessions.create", new { label = $"A {round}", key }),
                b.CallAsync("sessions.create", new { label = $"B {round}", key }));

            Assert.Single(replies, r => r.Ok);
            Assert.Equal("CONFLICT", Assert.Single(replies, r => !r.Ok).Code);
        }
    }

    [Fact]
    public async Task ParallelPatchesWithExpectedRevRetries_LoseNoUpdate()
    {
        const int Workers = 16;
        const int IncrementsEach = 10;
        await using var gw = await TestGateway.StartAsync(Unlimited);
        var created = await gw.OkAsync("sessions.create", new { label = "Counter", description = "0" });
        var initialRev = created.GetProperty("entry").GetProperty("rev").GetInt32();
        var conflicts = 0;

        var workers = Enumerable.Range(0, Workers).Select(async w =>
        {
            await using var rpc = w % 2 == 0 ? await Rpc.WsAsync(gw.Host.Address, gw.Token!) : Rpc.Http(gw.Host.Address, gw.Token!);
            for (var done = 0; done < IncrementsEach;)
            {
                var entry = (await rpc.CallAsync("sessions.get", new { key = "counter" })).Entry;
                var next = int.Parse(entry.GetProperty("description").GetString()!, System.Globalization.CultureInfo.InvariantCulture) + 1;
                var patched = await rpc.CallAsync("sessions.patch",
                    new { key = "counter", description = next.ToString(System.Globalization.CultureInfo.InvariantCulture), expectedRev = entry.GetProperty("rev").GetInt32() });
                if (patched.Ok)
                {
                    done++;
                }
                else
                {
                    Assert.Equal("CONFLICT", patched.Code);
                    Interlocked.Increment(ref conflicts);
                }
            }
        });
        await Task.WhenAll(workers);

        var final = (await gw.OkAsync("sessions.get", new { key = "counter" })).GetProperty("entry");
        Assert.Equal((Workers * IncrementsEach).ToString(System.Globalization.CultureInfo.InvariantCulture), final.GetProperty("description").GetString());
        Assert.Equal(initialRev + (Workers * IncrementsEach), final.GetProperty("rev").GetInt32());
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
                await WebSocketLimitTests.WaitUntilAsync(() => ws.EventsOf("sessions.changed:created") >= ledger.Creates && ws.EventsOf("sessions.changed:patched") >= patched);
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
            var (method, parameters) = op switch
            {
                < 3 => ("sessions.create", (object)new { label = $"Load {random.Next(2000)}", persistent = random.Next(2) == 0 }),
                < 6 => ("sessions.patch", random.Next(2) == 0
                    ? new { key, label = $"Renamed {random.Next(4000)}", expectedRev = ledger.Rev(key) }
                    : (object)new { key, label = $"Renamed {random.Next(4000)}" }),
                < 8 => ("sessions.patch", new { key, persistent = !ledger.Persistent(key), expectedRev = ledger.Rev(key) }),
                < 9 => ("chat.send", new { sessionKey = key, message = $"hello {random.Next()}", wait = true }),
                _ => ("sessions.list", new { limit = 20, sort = "updated" }),
            };
            var reply = await rpc.CallAsync(method, parameters);
            ledger.Record(method, reply, key);
        }
    }

    private static async Task AssertFinalStateAsync(TestGateway gw, Ledger ledger)
    {
        var total = (await gw.OkAsync("sessions.list", new { limit = 1 })).GetProperty("total").GetInt32();
        Assert.Equal(1 + ledger.Creates, total);
        foreach (var (key, acks) in ledger.Acks)
        {
            var entry = (await gw.OkAsync("sessions.get", new { key })).GetProperty("entry");
            var byRev = acks.ToList();
            Assert.Equal(byRev.Count, byRev.Select(a => a.Rev).Distinct().Count()); // two acks never share a revision
            var last = byRev.MaxBy(a => a.Rev)!;
            Assert.Equal(last.Rev, entry.GetProperty("rev").GetInt32());
            Assert.Equal(byRev.Count, last.Rev); // rev 1 at create, +1 per acknowledged patch: nothing unacknowledged, nothing lost
            Assert.Equal(last.Label, entry.GetProperty("label").GetString());
            Assert.Equal(last.Persistent, entry.GetProperty("persistent").GetBoolean());
            var chats = ledger.Chats.GetValueOrDefault(key);
            Assert.Equal(2 * chats, entry.GetProperty("messageCount").GetInt32()); // each turn: the message and its reply
            var history = (await gw.OkAsync("chat.history", new { sessionKey = key, limit = 500 })).GetProperty("messages").EnumerateArray().ToList();
            Assert.Equal(chats, history.Count(m => m.GetProperty("role").GetString() == "user"));
            Assert.Equal(chats, history.Count(m => m.GetProperty("role").GetString() == "assistant"));
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

        public void Record(string method, RpcReply reply, string key)
        {
            if (!reply.Ok)
            {
                if (reply.Code == "CONFLICT" && method != "sessions.list")
                {
                    Interlocked.Increment(ref _conflicts);
                }
                else
                {
                    Unexpected.Enqueue($"{method}: {reply}");
                }

                return;
            }

            if (method == "sessions.list")
            {
                return;
            }

            if (method == "chat.send")
            {
                if (reply.Value.GetProperty("status").GetString() == "final")
                {
                    Chats.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                else
                {
                    Unexpected.Enqueue($"chat.send: {reply}");
                }

                return;
            }

            var entry = reply.Entry;
            key = entry.GetProperty("key").GetString()!;
            var ack = new Ack(entry.GetProperty("rev").GetInt32(), entry.GetProperty("label").GetString()!, entry.GetProperty("persistent").GetBoolean());
            Acks.GetOrAdd(key, _ => []).Add(ack);
            _latest.AddOrUpdate(key, (ack.Rev, ack.Persistent), (_, old) => ack.Rev > old.Rev ? (ack.Rev, ack.Persistent) : old);
            if (method == "sessions.create")
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
