using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Cairn.Protocol;
using Cairn.Tests.Support;
using static Cairn.Tests.Security.SecurityHttp;

namespace Cairn.Tests.Security;

/// <summary>
/// Input classes an adversarial fuzz run found answered with a 500 or, worse, obeyed: invalid UTF-8 in the
/// envelope, NUL in a search, duplicate JSON keys, and look-alike labels made with invisible characters.
/// </summary>
public sealed class InputClassTests
{
    [Theory]
    [InlineData("{\"method\":\"sessions.\xFF\xFElist\"}")]
    [InlineData("{\"method\":\"sessions.list\",\"par\xC3\x28ams\":{}}")]
    [InlineData("{\"method\":\"sessions.list\",\"params\":{\"search\":\"ab\xED\xA0\x80\"}}")]
    [InlineData("{\"method\":\"sessions.create\",\"params\":{\"label\":\"\xF8\x88\x80\x80\x80\"}}")]
    public async Task InvalidUtf8_AnywhereInTheBody_IsInvalidRequest_NotInternal(string latin1Body)
    {
        await using var gw = await TestGateway.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, Api(gw)) { Content = new ByteArrayContent(Encoding.Latin1.GetBytes(latin1Body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", gw.Token);

        var (response, body) = await SendAsync(gw.Http, request);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(ErrorCode.InvalidRequest, Code(body));
    }

    [Theory]
    [InlineData("ab\0cd")]
    [InlineData("\0\0\0")]
    [InlineData("work\0")]
    public async Task Nul_InASearch_IsInvalidRequest_NotInternal(string search)
    {
        await using var gw = await TestGateway.StartAsync();

        var reply = await gw.RequestAsync<SessionsListResult>("sessions.list", new SessionsListParams(Search: search));

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal("search", reply.Error?.Detail<string>("field"));
    }

    [Fact]
    public async Task DuplicateKeys_AreInvalidRequest_OverHttp_AndTheLastOneIsNotObeyed()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Victim"));

        var reply = await gw.PostRawAsync("""{"method":"sessions.list","method":"sessions.delete","params":{"key":"victim"}}""");
        var nested = await gw.PostRawAsync("""{"method":"sessions.patch","params":{"key":"victim","label":"A","label":"B"}}""");
        var escaped = await gw.PostRawAsync("""{"method":"sessions.list","\u006dethod":"sessions.delete","params":{"key":"victim"}}""");
        var twice = await gw.PostRawAsync("""{"method":"sessions.delete","params":{"key":"main"},"params":{"key":"victim"}}""");

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Contains("duplicate", reply.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(ErrorCode.InvalidRequest, nested.Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, escaped.Error?.Code);
        Assert.Equal(ErrorCode.InvalidRequest, twice.Error?.Code);
        Assert.Equal("Victim", (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("victim"))).Entry.Label);
    }

    [Fact]
    public async Task DuplicateKeys_AreInvalidRequest_OverTheWebSocket()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Victim"));
        await using var ws = await gw.ConnectWsAsync();

        await ws.SendRawAsync("""{"type":"req","id":"d","method":"sessions.list","method":"sessions.delete","params":{"key":"victim"}}""");
        var reply = await ws.NextResponseAsync();

        Assert.Equal(ErrorCode.InvalidRequest, reply.Error?.Code);
        Assert.Equal("Victim", (await gw.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams("victim"))).Entry.Label);
    }

    [Theory]
    [InlineData("Work\u200B")]
    [InlineData("W\u200Dork")]
    [InlineData("\uFEFFWork")]
    [InlineData("Work \u202Ekrow")]
    [InlineData("\u2066Work\u2069")]
    [InlineData("Wo\u00ADrk")]
    public async Task LabelsWithInvisibleOrBidiControlCharacters_AreRefused_SoNoLookAlikeNameCanBeMade(string label)
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Work"));

        var created = await gw.RequestAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label));
        var renamed = await gw.RequestAsync<SessionEntryResult>("sessions.patch", JsonSerializer.SerializeToElement(new { key = "main", label }));

        Assert.Equal(ErrorCode.InvalidRequest, created.Error?.Code);
        Assert.Equal("label", created.Error?.Detail<string>("field"));
        Assert.Equal(ErrorCode.InvalidRequest, renamed.Error?.Code);
    }
}
