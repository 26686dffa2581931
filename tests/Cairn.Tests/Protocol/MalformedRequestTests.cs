using System.Net;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Protocol;

/// <summary>Every method, given bad params, answers INVALID_REQUEST naming the field — over HTTP and WebSocket alike.</summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string, string, string> BadParams => new()
    {
        { "sessions.list", """{"limit":"ten"}""", "limit" },
        { "sessions.list", """{"limit":1.5}""", "limit" },
        { "sessions.list", """{"persistent":"yes"}""", "persistent" },
        { "sessions.list", """{"sort":3}""", "sort" },
        { "sessions.list", """{"wat":1}""", "wat" },
        { "sessions.get", """{}""", "key" },
        { "sessions.get", """{"key":42}""", "key" },
        { "sessions.get", """{"key":null}""", "key" },
        { "sessions.get", """{"key":"UPPER"}""", "key" },
        { "sessions.resolve", """{"name":""}""", "name" },
        { "sessions.create", """{}""", "label" },
        { "sessions.create", """{"label":["x"]}""", "label" },
        { "sessions.create", """{"label":"x","persistent":"true"}""", "persistent" },
        { "sessions.create", """{"label":"x","key":"-x"}""", "key" },
        { "sessions.patch", """{"key":"main","expectedRev":"1"}""", "expectedRev" },
        { "sessions.patch", """{"key":"main","label":""}""", "label" },
        { "sessions.reset", """{"key":{}}""", "key" },
        { "sessions.delete", """{"keys":"main"}""", "keys" },
    };

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task BadParams_OverHttp_AreInvalidRequestNamingTheField(string method, string parameters, string field)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync($$"""{"method":"{{method}}","params":{{parameters}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal(field, reply.Error!.Detail<string>("field"));
    }

    [Theory]
    [MemberData(nameof(BadParams))]
    public async Task BadParams_OverWebSocket_AreInvalidRequestNamingTheField(string method, string parameters, string field)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync($$"""{"type":"req","id":"x1","method":"{{method}}","params":{{parameters}}}""");
        var res = await ws.NextResponseAsync();

        Assert.False(res.Ok);
        Assert.Equal("x1", res.Id);
        Assert.Equal(ErrorCode.InvalidRequest, res.Error!.Code);
        Assert.Equal(field, res.Error.Detail<string>("field"));
    }

    [Theory]
    [InlineData("not json", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("[1,2]", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("""{"params":{}}""", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("""{"method":7}""", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("""{"method":"sessions.list","params":[]}""", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("""{"method":"sessions.list","extra":1}""", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    [InlineData("""{"method":"sessions.nope"}""", HttpStatusCode.NotFound, ErrorCode.NotFound)]
    [InlineData("""{"method":"connect"}""", HttpStatusCode.BadRequest, ErrorCode.InvalidRequest)]
    public async Task MalformedEnvelope_OverHttp_GetsDocumentedError(string body, HttpStatusCode status, ErrorCode code)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync(body);

        Assert.Equal(status, reply.Status);
        Assert.Equal(code, reply.Error?.Code);
        Assert.False(string.IsNullOrWhiteSpace(reply.Error!.Message));
    }

    [Fact]
    public async Task WrongContentType_IsRefused()
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.PostRawAsync("""{"method":"sessions.list"}""", "text/plain");

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
    }

    [Fact]
    public async Task OversizedBody_IsPayloadTooLarge()
    {
        await using var gw = await TestGateway.StartAsync(c => c with { Gateway = c.Gateway with { MaxPayloadBytes = 4096 } });

        var reply = await gw.RequestAsync("sessions.create", new SessionsCreateParams("x", Description: new string('y', 10_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal(ErrorCode.PayloadTooLarge, reply.Error?.Code);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"type":"req","method":"sessions.list"}""")]
    [InlineData("""{"type":"ping","id":"1"}""")]
    [InlineData("""{"type":"req","id":"1"}""")]
    [InlineData("42")]
    public async Task MalformedFrames_OverWebSocket_AreAnsweredAndTheConnectionSurvives(string frame)
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync(frame);
        var res = await ws.NextResponseAsync();
        Assert.Equal(ErrorCode.InvalidRequest, res.Error?.Code);

        var list = await ws.RequestAsync<SessionsListResult>("sessions.list");
        Assert.True(list.Ok);
    }

    [Fact]
    public async Task UnknownMethod_OverWebSocket_IsNotFound()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var ws = await gw.ConnectWsAsync();

        var res = await ws.RequestAsync<JsonElement>("sessions.explode");

        Assert.Equal(ErrorCode.NotFound, res.Error?.Code);
    }
}
