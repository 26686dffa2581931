using System.Globalization;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Xunit.Abstractions;

namespace Cairn.Tests.Security;

/// <summary>
/// A real gateway process under concurrent create/patch/chat load, killed with SIGKILL at a random moment, fifty
/// times. After every restart each acknowledged session, patch and chat message (with its full reply) is there,
/// nothing half-written is visible but a reply cut off by the kill (stored as it grew, marked streaming or interrupted),
/// and the store is sound: SQLite's integrity check, or on the PostgreSQL pass the checks of <see cref="PostgresIntegrity"/>
/// (the gateway is then a replica on the dir's database: leases, bus and leader too, all killed with it). Fewer rounds on
/// PostgreSQL: a start there costs more (the replica services connect), and the run repeats SQLite's paths in the gateway.
/// </summary>
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly int Rounds = TestStore.IsPostgres ? 20 : 50;
    private const int Workers = 4;

    private const string Config = """
        gateway:
          limits:
            messagesPerSecond: 1000000
            messageBurst: 1000000
            httpRequestsPerSecond: 1000000
            httpRequestBurst: 1000000
        session:
          reset:
            mode: off
        """;

    [Fact]
    public async Task KilledFiftyTimesUnderLoad_KeepsEveryAcknowledgedWrite_AndASoundStore()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "config.yaml"), Config);
        var ledger = new CrashLedger();
        var random = new Random(20260302);

        for (var round = 0; round < Rounds; round++)
        {
            await using var gateway = await StartAsync(dir.Path);
            Verify(dir.Path, ledger, round);

            var killed = new CancellationTokenSource();
            var token = (await File.ReadAllTextAsync(Path.Combine(dir.Path, "gateway.token"))).Trim();
            var load = Enumerable.Range(0, Workers)
                .Select(w => Task.Run(() => WorkAsync(gateway.Address, token, w, round, ledger, new Random(random.Next()), killed.Token)))
                .ToList();

            // The kill lands at a random point of a short burst: mid-transaction, mid-reply, between requests. The burst
            // is timed from the round's first acknowledged write, so a busy machine (a fresh process's first requests
            // are slow to JIT) still gets a burst, not a kill before anything ran.
            var before = Volatile.Read(ref ledger.Acknowledged);
            using (var firstAck = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            {
                while (Volatile.Read(ref ledger.Acknowledged) == before && !firstAck.IsCancellationRequested)
                {
                    await Task.Delay(10, CancellationToken.None);
                }
            }

            await Task.Delay(random.Next(150, 900));
            await killed.CancelAsync();
            await gateway.KillAsync();
            await Task.WhenAll(load);
            Assert.Empty(ledger.Unexpected);
        }

        await using (var last = await StartAsync(dir.Path))
        {
            Verify(dir.Path, ledger, Rounds);
            var list = await last.Api.CallAsync<SessionsListResult>("sessions.list", new SessionsListParams(Limit: 1));
            Assert.Equal(ledger.Sessions.Count + 1, list.Total);
        }

        TestStore.Forget(dir.Path);

        output.WriteLine($"{Rounds} kills, {ledger.Acknowledged} acknowledged operations, {ledger.Sessions.Count} sessions, " +
            $"{ledger.Sessions.Values.Sum(s => s.AckedMessages.Count)} acknowledged chat messages");
        Assert.True(ledger.Acknowledged > Rounds * Workers, $"only {ledger.Acknowledged} operations were acknowledged");
    }

    /// <summary>The gateway on the dir: its SQLite file, or on the PostgreSQL pass the dir's database.</summary>
    private static Task<GatewayProcess> StartAsync(string dataDir) => GatewayProcess.StartAsync(new GatewayProcessOptions
    {
        DataDir = dataDir,
        Environment = TestStore.IsPostgres
            ? new Dictionary<string, string>
            {
                ["CAIRN_STORE__PROVIDER"] = "postgres",
                ["CAIRN_STORE__CONNECTIONSTRING"] = TestStore.DatabaseFor(dataDir),
            }
            : new Dictionary<string, string>(),
    });

    private static async Task WorkAsync(Uri address, string token, int worker, int round, CrashLedger ledger, Random random, CancellationToken killed)
    {
        try
        {
            await using var rpc = worker % 2 == 0 ? Rpc.Http(address, token) : await Rpc.WsAsync(address, token);
            for (var n = 0; !killed.IsCancellationRequested; n++)
            {
                var mine = ledger.OwnedBy(worker);
                var op = mine.Count < 2 ? 0 : random.Next(10);
                var session = mine.Count == 0 ? null : mine[random.Next(mine.Count)];
                var name = string.Create(CultureInfo.InvariantCulture, $"{round}-{worker}-{n}");
                await (op switch
                {
                    < 3 => CreateAsync(rpc, ledger, worker, $"C {name}", random.Next(2) == 0),
                    < 5 => PatchAsync(rpc, ledger, session!, $"R {name}", session!.Persistent),
                    < 7 => PatchAsync(rpc, ledger, session!, session!.Label, !session.Persistent),
                    _ => ChatAsync(rpc, ledger, session!, $"message {name}"),
                });
            }
        }
        catch (Exception) when (killed.IsCancellationRequested)
        {
            // The gateway died under this worker: whatever it was waiting for stays pending in the ledger.
        }
    }

    private static async Task CreateAsync(Rpc rpc, CrashLedger ledger, int worker, string label, bool persistent)
    {
        var key = SessionNames.Slug(label);
        ledger.PendingCreates[key] = worker;
        var reply = await rpc.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: persistent));
        if (!Expect(ledger, "create", reply))
        {
            return;
        }

        var entry = reply.Result.Entry;
        var session = new CrashSession(key, worker, 0, label, persistent);
        session.Acknowledge(entry);
        ledger.Sessions[key] = session;
        ledger.PendingCreates.TryRemove(key, out _);
    }

    private static async Task PatchAsync(Rpc rpc, CrashLedger ledger, CrashSession session, string label, bool persistent)
    {
        session.PendingPatch = (label, persistent);
        var reply = await rpc.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(session.Key, label, Persistent: persistent, ExpectedRev: session.Rev));
        if (Expect(ledger, "patch", reply))
        {
            session.Acknowledge(reply.Result.Entry);
        }
    }

    private static async Task ChatAsync(Rpc rpc, CrashLedger ledger, CrashSession session, string message)
    {
        session.PendingChat = message;
        var reply = await rpc.CallAsync<ChatSendResult>("chat.send", new ChatSendParams(message, session.Key, Wait: true));
        if (!Expect(ledger, "chat.send", reply))
        {
            return;
        }

        if (reply.Result.Status != SendStatus.Final)
        {
            ledger.Unexpected.Enqueue($"chat.send in {session.Key} ended {reply.Value}");
            return;
        }

        session.AckedMessages.Add(message);
        session.PendingChat = null;
    }

    private static bool Expect<T>(CrashLedger ledger, string what, RpcReply<T> reply)
    {
        if (!reply.Ok)
        {
            ledger.Unexpected.Enqueue($"{what}: {reply}");
            return false;
        }

        Interlocked.Increment(ref ledger.Acknowledged);
        return true;
    }

    /// <summary>Compares the store after a restart with what clients were told, resolving what was in flight.</summary>
    private static void Verify(string dataDir, CrashLedger ledger, int round)
    {
        var store = StoreSnapshot.Read(dataDir);
        Assert.Equal("ok", store.Integrity);
        Assert.Equal(0, store.OrphanMessages);

        foreach (var (key, owner) in ledger.PendingCreates)
        {
            if (store.Sessions.TryGetValue(key, out var created))
            {
                ledger.Sessions[key] = new CrashSession(key, owner, created.Rev, created.Label, created.Persistent);
            }
        }

        ledger.PendingCreates.Clear();
        Assert.All(store.Sessions.Keys, key => Assert.True(key == "main" || ledger.Sessions.ContainsKey(key), $"round {round}: unknown session {key}"));
        foreach (var session in ledger.Sessions.Values)
        {
            Assert.True(store.Sessions.TryGetValue(session.Key, out var stored), $"round {round}: acknowledged session {session.Key} is missing");
            VerifySession(session, stored!, round);
            VerifyTranscript(session, stored!, [.. store.Messages[session.Key]], round);
        }
    }

    private static void VerifySession(CrashSession session, StoredSession stored, int round)
    {
        if (stored.Rev == session.Rev)
        {
            Assert.True(stored.Label == session.Label && stored.Persistent == session.Persistent,
                $"round {round}: {session.Key} at rev {stored.Rev} is '{stored.Label}'/{stored.Persistent}, acknowledged '{session.Label}'/{session.Persistent}");
            session.PendingPatch = null;
            return;
        }

        var pending = session.PendingPatch;
        Assert.True(pending is not null && stored.Rev == session.Rev + 1, $"round {round}: {session.Key} is at rev {stored.Rev}, acknowledged {session.Rev}");
        Assert.Equal(pending.Value.Label, stored.Label);
        Assert.Equal(pending.Value.Persistent, stored.Persistent);
        session.Adopt(stored.Rev, stored.Label, stored.Persistent);
    }

    private static void VerifyTranscript(CrashSession session, StoredSession stored, List<StoredMessage> messages, int round)
    {
        Assert.Equal(Enumerable.Range(1, messages.Count).Select(i => (long)i), messages.Select(m => m.Seq));
        Assert.Equal(stored.MessageCount, messages.Count(m => m.Role is "user" or "assistant"));
        var users = messages.Where(m => m.Role == "user").ToDictionary(m => m.RunId ?? $"seq{m.Seq}", m => m.Text, StringComparer.Ordinal);
        foreach (var acked in session.AckedMessages)
        {
            Assert.True(users.ContainsValue(acked), $"round {round}: acknowledged message '{acked}' of {session.Key} is missing");
            var reply = messages.SingleOrDefault(m => m.Role == "assistant" && users.GetValueOrDefault(m.RunId ?? "") == acked);
            Assert.True(reply is not null, $"round {round}: the reply to acknowledged '{acked}' in {session.Key} is missing");
        }

        foreach (var reply in messages.Where(m => m.Role == "assistant"))
        {
            // A reply answers a stored message. It is whole (the echo model's full text), or a reply cut off by the kill: the
            // text it had when last saved (at most a second old), marked streaming (until the restart marks it) or interrupted.
            var asked = reply.RunId is null ? null : users.GetValueOrDefault(reply.RunId);
            Assert.True(asked is not null, $"round {round}: a reply in {session.Key} answers no stored message");
            if (reply.Reason is Cairn.Store.TranscriptStore.Streaming or Cairn.Store.TranscriptStore.Interrupted)
            {
                Assert.True(reply.Text.StartsWith("Echo: ", StringComparison.Ordinal) || "Echo: ".StartsWith(reply.Text, StringComparison.Ordinal),
                    $"round {round}: a cut-off reply in {session.Key} is not the start of an echo: '{reply.Text}'");
                continue;
            }

            // A turn killed before its reply is merged into the next user message (issue 14: never two user
            // messages in a row), so the echo may repeat that earlier text before this one.
            Assert.StartsWith("Echo: ", reply.Text, StringComparison.Ordinal);
            Assert.Contains(asked!, reply.Text, StringComparison.Ordinal);
            Assert.Contains("(offline echo model)", reply.Text, StringComparison.Ordinal);
        }

        foreach (var committed in session.CommittedMessages)
        {
            Assert.True(users.ContainsValue(committed), $"round {round}: stored message '{committed}' of {session.Key} disappeared");
        }

        if (session.PendingChat is { } pending && users.ContainsValue(pending))
        {
            session.CommittedMessages.Add(pending); // committed before the kill; its reply may or may not have been written
        }

        session.PendingChat = null;
    }
}
