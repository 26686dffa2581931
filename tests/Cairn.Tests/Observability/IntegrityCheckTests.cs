using System.Text.Json;
using Cairn.Cli;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Cli;
using Cairn.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Observability;

/// <summary>
/// A store damaged where no start-up read looks (the transcript table's root page): the start-up quick_check finds
/// it, the log says so, <c>/healthz</c> turns degraded with the reason and the metric drops to 0; <c>cairn doctor</c>
/// (a real process) finds it too, with the gateway stopped or running, and says how to restore from a backup.
/// </summary>
[Trait(TestStore.Trait, TestStore.SqliteOnly)]
public sealed class IntegrityCheckTests
{
    [Fact]
    public async Task DamageNoStartupReadTouches_IsFoundByTheQuickCheck_Logged_AndMakesHealthDegraded()
    {
        using var dir = new TempDir();
        await DamagedStoreAsync(dir.Path);
        var logs = new CapturingLoggerProvider();

        await using var gw = await TestGateway.StartAsync(dataDir: dir.Path, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var health = await CheckedHealthAsync(gw);

        Assert.Equal("degraded", health.Status);
        Assert.Equal(HealthIntegrity.Damaged, health.Store.Integrity!.State);
        Assert.NotEmpty(health.Store.Integrity.Problems!);
        Assert.Contains("cairn doctor", health.Store.Problem, StringComparison.Ordinal);
        Assert.True(health.Store.Reachable);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Store quick check found damage", StringComparison.Ordinal));
        Assert.Equal(0, await IntegrityGaugeAsync(gw));
    }

    [Fact]
    public async Task ASoundStore_IsOk_AndTheCheckCanBeSwitchedOff()
    {
        await using (var gw = await TestGateway.StartAsync())
        {
            var health = await CheckedHealthAsync(gw);
            Assert.Equal("ok", health.Status);
            Assert.Equal(HealthIntegrity.Ok, health.Store.Integrity!.State);
            Assert.NotNull(health.Store.Integrity.CheckedAt);
            Assert.Equal(1, await IntegrityGaugeAsync(gw));
        }

        await using var off = await TestGateway.StartAsync(c => c with { Store = new Cairn.Config.StoreConfig(0) });
        Assert.Equal(HealthIntegrity.Off, (await CheckedHealthAsync(off)).Store.Integrity!.State);
    }

    [Fact]
    public void ACheckWhoseTimeHasRunOut_IsInterrupted_NotOk()
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, CairnDatabase.FileName);
        using (CairnDatabase.Open(db))
        {
        }

        Assert.Equal(IntegrityOutcome.Interrupted, StoreIntegrity.Check(db, full: false, new CancellationToken(canceled: true)).Outcome);
        Assert.Equal(IntegrityOutcome.Ok, StoreIntegrity.Check(db, full: true).Outcome);
    }

    [Fact]
    public async Task Doctor_OnADamagedStore_ListsTheProblems_SaysHowToRestore_AndExits1()
    {
        using var dir = new TempDir();
        await DamagedStoreAsync(dir.Path);

        var text = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", dir.Path);
        var json = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", dir.Path, "--json");

        Assert.Equal(DoctorCommand.Damaged, text.Code);
        Assert.Contains("DAMAGED", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("docs/operations.md#restore", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("sqlite3 cairn.db .recover", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(DoctorCommand.Damaged, json.Code);
        var report = JsonSerializer.Deserialize<DoctorReport>(json.Stdout, ProtocolJson.Options)!;
        Assert.Equal(DoctorReport.Damaged, report.Result);
        Assert.Equal("integrity_check", report.Check);
        Assert.NotEmpty(report.Problems);
        Assert.False(report.GatewayRunning);
    }

    [Fact]
    public async Task Doctor_BesideARunningGateway_ChecksASnapshot_AndExits0()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("hello", SessionKey: "main", Wait: true));

        var run = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", gw.DataDir, "--json");

        Assert.Equal(0, run.Code);
        var report = JsonSerializer.Deserialize<DoctorReport>(run.Stdout, ProtocolJson.Options)!;
        Assert.Equal(DoctorReport.Ok, report.Result);
        Assert.True(report.GatewayRunning);
        Assert.Equal(StoreIntegrity.LatestSchemaVersion, report.SchemaVersion);
        Assert.True((await gw.RequestAsync("sessions.list")).Ok);
    }

    [Fact]
    public async Task Doctor_WithNoDatabase_SaysSo_AndExits2()
    {
        using var dir = new TempDir();

        var run = await CairnCli.RunRawAsync(null, "doctor", "--data-dir", dir.Path);

        Assert.Equal(DoctorCommand.Unreadable, run.Code);
        Assert.Contains("There is no database", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// A store with a few messages, closed, then the messages table's root page broken: every start-up read
    /// (the schema, the sessions, the meta rows) still works, only reading a transcript would fail.
    /// </summary>
    private static async Task DamagedStoreAsync(string dataDir)
    {
        await using (var gw = await TestGateway.StartAsync(dataDir: dataDir))
        {
            for (var i = 0; i < 5; i++)
            {
                await gw.CallAsync<ChatSendResult>("chat.send", new ChatSendParams($"message {i}", SessionKey: "main", Wait: true));
            }
        }

        SqliteConnection.ClearAllPools();
        var db = Path.Combine(dataDir, CairnDatabase.FileName);
        long root, pageSize;
        using (var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'messages'; PRAGMA page_size;";
            using var reader = command.ExecuteReader();
            reader.Read();
            root = reader.GetInt64(0);
            reader.NextResult();
            reader.Read();
            pageSize = reader.GetInt64(0);
        }

        // The first cell pointer of the (leaf) root page, after its 8-byte header: now past the end of the page.
        await using var file = new FileStream(db, FileMode.Open, FileAccess.Write);
        file.Position = ((root - 1) * pageSize) + 8;
        await file.WriteAsync(new byte[] { 0xFF, 0xF0 });
    }

    /// <summary>/healthz once the start-up check has finished (it runs in the background).</summary>
    private static async Task<HealthReport> CheckedHealthAsync(TestGateway gw)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (status, health) = await gw.Api.HealthAsync(timeout.Token);
            Assert.Equal(200, (int)status);
            if (health!.Store.Integrity?.State != HealthIntegrity.Running)
            {
                return health;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static async Task<double> IntegrityGaugeAsync(TestGateway gw) =>
        PrometheusText.Parse(await gw.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Value("cairn_store_integrity_ok");
}
