using System.Net;
using Cairn.Protocol;
using Cairn.Tests.Support;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>Input the fuzz test found: JSON the parser accepts but .NET cannot read as text.</summary>
public sealed class MalformedInputTests
{
    public static TheoryData<string> UnpairedSurrogates => new()
    {
        """{"method":"sessions.\ud800list"}""",
        """{"method":"sessions.create","params":{"label":"a\udc00b"}}""",
        """{"method":"sessions.list","params":{"se\ud83darch":"x"}}""",
        """{"method":"sessions.list","params":{"search":["ok","\ud800"]}}""",
        """{"me\ud800thod":"sessions.list"}""",
    };

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task UnpairedSurrogateEscapes_OverHttp_AreInvalidRequest(string body)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Contains("surrogate", reply.Error!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task UnpairedSurrogateEscapes_OverWebSocket_AreInvalidRequest_AndTheConnectionSurvives(string body)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(body.Replace("{\"", "{\"type\":\"req\",\"id\":\"s\",\"", StringComparison.Ordinal));
        var res = await ws.NextResponseAsync();

        Assert.Equal(ErrorCode.InvalidRequest, res.Error?.Code);
        Assert.True((await ws.RequestAsync<SessionsListResult>("sessions.list")).Ok);
    }

    [Fact]
    public async Task UnpairedSurrogateInConnect_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw);

        await ws.SendRawAsync("""{"type":"req","id":"c","method":"connect","params":{"token":"\udfff"}}""");
        var res = await ws.NextResponseAsync();

        Assert.Equal(ErrorCode.InvalidRequest, res.Error?.Code);
    }

    [Fact]
    public async Task ProperlyPairedSurrogates_AreFine()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync("""{"method":"sessions.create","params":{"label":"Rocket \ud83d\ude80"}}""");

        Assert.True(reply.Ok, reply.ToString());
        Assert.Equal("Rocket 🚀", reply.As<SessionsCreateResult>().Result.Entry.Label);
    }
}
