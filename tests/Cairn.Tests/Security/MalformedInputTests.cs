using System.Net;
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
        Assert.Equal("INVALID_REQUEST", reply.ErrorCode);
        Assert.Contains("surrogate", reply.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(UnpairedSurrogates))]
    public async Task UnpairedSurrogateEscapes_OverWebSocket_AreInvalidRequest_AndTheConnectionSurvives(string body)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(body.Replace("{\"", "{\"type\":\"req\",\"id\":\"s\",\"", StringComparison.Ordinal));
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal("INVALID_REQUEST", Code(res));
        Assert.True((await ws.RequestAsync("sessions.list")).GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task UnpairedSurrogateInConnect_IsInvalidRequest()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await RawWsAsync(gw);

        await ws.SendRawAsync("""{"type":"req","id":"c","method":"connect","params":{"token":"\udfff"}}""");
        var res = await ws.NextAsync(f => f.GetProperty("type").GetString() == "res");

        Assert.Equal("INVALID_REQUEST", Code(res));
    }

    [Fact]
    public async Task ProperlyPairedSurrogates_AreFine()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync("""{"method":"sessions.create","params":{"label":"Rocket \ud83d\ude80"}}""");

        Assert.True(reply.Ok, reply.ToString());
        Assert.Equal("Rocket 🚀", reply.Result.GetProperty("entry").GetProperty("label").GetString());
    }
}
