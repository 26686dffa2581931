using System.Globalization;
using System.Text;
using Cairn.Import;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Import;

/// <summary>The legacy import runs once, survives interruption, and copes with a large store.</summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class LegacyStoreRunOnceTests
{
    [Fact]
    public async Task SecondStart_ImportsNothing_AndKeepsChangesMadeInCairn()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "minimal.json");
        await using (var first = await LegacyStoreShapesTests.StartAsync(dir))
        {
            await first.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("work", "Office"));
            await first.CallAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("home"));
        }

        await using var second = await LegacyStoreShapesTests.StartAsync(dir);

        Assert.Equal("Office", (await LegacyStoreShapesTests.EntryAsync(second, "work")).Label);
        Assert.Equal(ErrorCode.NotFound, (await second.RequestAsync<SessionEntryResult>("sessions.get", new SessionGetParams("home"))).Error?.Code);
        Assert.Equal(2, second.Service<SessionStore>().Count());
        Assert.Single(Directory.GetFiles(dir.Path, "sessions-store.json.bak-*"));
    }

    [Fact]
    public async Task InterruptedImport_LeavesNothing_AndTheRestartImportsEverythingOnce()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(LegacyStoreShapesTests.LegacyPath(dir), Generate(50));
        var clock = new ManualTimeProvider();
        using (var db = await OpenAsync(dir, clock))
        {
            var crash = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                new LegacyStoreImport(db, clock).RunAsync(dir.Path, done => { if (done == 25) { throw new InvalidOperationException("power cut"); } }));
            Assert.Equal("power cut", crash.Message);
            Assert.Equal(1, new SessionStore(db).Count());
            Assert.Null(new ImportStore(db).GetMeta(LegacyStoreImport.MetaName));
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        using (var db = await OpenAsync(dir, clock))
        {
            var report = await new LegacyStoreImport(db, clock).RunAsync(dir.Path);
            Assert.Equal(LegacyImportStatus.Imported, report.Status);
            Assert.Equal(50, report.Imported);
            Assert.Equal(51, new SessionStore(db).Count());
        }

        // The backup of the first attempt has the same bytes, so it is reused rather than written twice.
        Assert.Single(Directory.GetFiles(dir.Path, "sessions-store.json.bak-*"));
    }

    [Fact]
    public async Task ImportRepeatedWithoutItsRunOnceRecord_MakesNoDuplicates()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "invalid-keys.json");
        var clock = new ManualTimeProvider();
        using var db = await OpenAsync(dir, clock);
        var first = await new LegacyStoreImport(db, clock).RunAsync(dir.Path);
        Assert.Equal(6, first.Imported);
        await db.WriteAsync((c, tx) =>
        {
            using var command = c.Command("DELETE FROM meta WHERE name = @n", tx).With("@n", LegacyStoreImport.MetaName);
            return command.ExecuteNonQuery();
        });

        var again = await new LegacyStoreImport(db, clock).RunAsync(dir.Path);

        Assert.Equal(LegacyImportStatus.Imported, again.Status);
        Assert.Equal(0, again.Imported);
        Assert.Equal(6, again.Unchanged);
        Assert.Equal(6, new SessionStore(db).Count());
    }

    [Fact]
    public async Task DamagedFile_IsNotRetriedUntilRepaired_ThenTheRestIsAdded()
    {
        using var dir = new TempDir();
        var file = Fixtures.PlaceLegacy(dir.Path, "truncated.json");
        await using (var first = await LegacyStoreShapesTests.StartAsync(dir))
        {
            Assert.Equal(3, first.Service<SessionStore>().Count());
        }

        var logs = new CapturedLogs();
        await using (var second = await LegacyStoreShapesTests.StartAsync(dir, logs))
        {
            Assert.Equal(3, second.Service<SessionStore>().Count());
            Assert.Contains(logs.At(LogLevel.Warning), l => l.Contains("imported only in part", StringComparison.Ordinal) && l.Contains(file, StringComparison.Ordinal));
        }

        var repaired = (await File.ReadAllTextAsync(file)) + "00000000, \"label\": \"Gamma\" } }";
        await File.WriteAllTextAsync(file, repaired);
        await using var third = await LegacyStoreShapesTests.StartAsync(dir);

        Assert.Equal(4, third.Service<SessionStore>().Count());
        Assert.Equal("Gamma", (await LegacyStoreShapesTests.EntryAsync(third, "gamma")).Label);
        Assert.Equal("Alpha", (await LegacyStoreShapesTests.EntryAsync(third, "alpha")).Label);
    }

    [Fact]
    public async Task TenThousandEntries_AreAllImported()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(LegacyStoreShapesTests.LegacyPath(dir), Generate(10_000));

        await using var gw = await LegacyStoreShapesTests.StartAsync(dir);

        var store = gw.Service<SessionStore>();
        Assert.Equal(10_001, store.Count());
        Assert.Equal(10_001, (await gw.CallAsync<SessionsListResult>("sessions.list", new { limit = 1 })).Total);
        var last = await LegacyStoreShapesTests.EntryAsync(gw, "s-09999");
        Assert.Equal("Topic 9999", last.Label);
        // Every tenth entry has an invalid key and every hundredth repeats a label: both still arrive.
        Assert.Equal("agent-s-00010", (await LegacyStoreShapesTests.EntryAsync(gw, "Agent S 00010")).Key);
        Assert.Equal("Topic 100", (await LegacyStoreShapesTests.EntryAsync(gw, "Agent S 00100")).Label);
        Assert.Equal("Topic 100 (2)", (await LegacyStoreShapesTests.EntryAsync(gw, "Agent S 00200")).Label);
    }

    [Fact]
    public async Task RealGatewayProcess_PrintsTheImportSummary()
    {
        using var dir = new TempDir();
        Fixtures.PlaceLegacy(dir.Path, "minimal.json");

        await using var gateway = await GatewayProcess.StartAsync(dir.Path);

        Assert.Contains($"Imported 2 sessions from {LegacyStoreShapesTests.LegacyPath(dir)} (backup: ", gateway.Output, StringComparison.Ordinal);
        await gateway.StopAsync();
        Assert.Equal(0, gateway.ExitCode);
    }

    private static async Task<CairnDatabase> OpenAsync(TempDir dir, ManualTimeProvider clock)
    {
        var db = CairnDatabase.Open(Path.Combine(dir.Path, CairnDatabase.FileName));
        await new SessionStore(db).EnsureMainAsync(clock.GetUtcNow().ToUnixTimeMilliseconds());
        return db;
    }

    /// <summary>
    /// A store of <paramref name="count"/> entries s-00000…; every tenth has an invalid key ("Agent S 00010"),
    /// and every hundredth repeats the label of the one a hundred before it.
    /// </summary>
    internal static string Generate(int count)
    {
        var json = new StringBuilder("{\n");
        for (var i = 0; i < count; i++)
        {
            var n = i.ToString("00000", CultureInfo.InvariantCulture);
            var key = i % 10 == 0 && i > 0 ? $"Agent S {n}" : $"s-{n}";
            var label = i % 100 == 0 && i > 100 ? $"Topic {i - 100}" : $"Topic {i}";
            json.Append(CultureInfo.InvariantCulture,
                $"  \"{key}\": {{ \"sessionId\": \"{Guid.NewGuid()}\", \"updatedAt\": {1_700_000_000_000L + i}, \"label\": \"{label}\" }}");
            json.Append(i == count - 1 ? "\n" : ",\n");
        }

        return json.Append('}').ToString();
    }
}
