using Cairn.Protocol;
using Cairn.Replicas;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Replicas;

/// <summary>
/// A real <c>cairn gateway run</c> process as replica A, killed with SIGKILL mid-reply; an in-process replica B on the same
/// PostgreSQL serves the session at once: nothing acknowledged is lost, the partial reply is stored and marked interrupted.
/// </summary>
[Collection(ReplicaPostgresGroup.Name)]
public sealed class KilledReplicaTests(ReplicaPostgres postgres)
{
    private const string Token = "fleet-token-for-the-replica-tests";

    [Fact]
    public async Task ReplicaKilledMidStream_BServesTheSession_PartialTextStoredAndInterrupted_ANewSendWorksAtOnce()
    {
        await using var database = await postgres.CreateDatabaseAsync();
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Chunks = ["Once upon a time", " there was", " a gateway."];
        model.Hold = true;
        using var dirA = new TempDir();
        await using var a = await GatewayProcess.StartAsync(new GatewayProcessOptions
        {
            DataDir = dirA.Path,
            Environment = new Dictionary<string, string>
            {
                ["CAIRN_STORE__PROVIDER"] = "postgres",
                ["CAIRN_STORE__CONNECTIONSTRING"] = database.ConnectionString,
                ["CAIRN_GATEWAY__TOKEN"] = Token,
                ["CAIRN_MODEL__PROVIDER"] = "openai",
                ["CAIRN_MODEL__BASEURL"] = model.BaseUrl,
                ["CAIRN_MODEL__APIKEY"] = "sk-fake",
                ["CAIRN_MODEL__NAME"] = "m",
            },
        });
        await using var b = await SharedStoreReplicaTests.StartAsync(database);
        await using var onB = await b.ConnectWsAsync();
        using var apiA = new CairnHttpClient(a.Address, Token);

        var sent = await apiA.CallAsync<ChatSendResult>("chat.send", new ChatSendParams("tell me a story", "main"));
        var delta = await onB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State == RunState.Delta);
        Assert.Equal("Once upon a time", delta.Text);
        await PartialReplyTests.RowWhenAsync(b, sent.RunId!, r => r.Text == "Once upon a time");

        await a.KillAsync();

        // The lease went with A's connections: B's send is served at once, and ends A's run as interrupted on its way.
        var served = await b.SendAsync("main", "are you still there?");
        Assert.Equal(SendStatus.Final, served.Status);
        var ended = await onB.NextEventAsync<ChatEvent>(e => e.RunId == sent.RunId && e.State != RunState.Delta);
        Assert.Equal((RunState.Error, OrphanedRuns.Reason), (ended.State, ended.Reason));

        var rows = await b.AllRowsAsync("main");
        Assert.Equal(["user", "assistant", "user", "assistant"], rows.Select(r => r.Role));
        Assert.Equal("tell me a story", rows[0].Text);
        Assert.Equal(("Once upon a time", true, TranscriptStore.Interrupted), (rows[1].Text, rows[1].Incomplete, rows[1].Reason));
        Assert.Equal(sent.RunId, rows[1].RunId);
        Assert.Equal(served.Message?.Text, rows[3].Text);
    }
}
