using System.Net;
using Cairn.Protocol;
using Cairn.Tests.Support;

namespace Cairn.Tests.Client;

/// <summary>The typed HTTP client against a real gateway: the same surface as the WebSocket one, plus the status code.</summary>
public sealed class CairnHttpClientTests
{
    [Fact]
    public async Task Calls_ReturnRecords_AndErrorsWithTheirHttpStatus()
    {
        await using var gw = await TestGateway.StartAsync();
        using var api = new CairnHttpClient(gw.Host.Address, gw.Token);

        var created = await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Over Http", Persistent: false));
        var deleteMain = await api.RequestAsync<SessionsDeleteResult>("sessions.delete", new SessionKeyParams("main"));

        Assert.False(created.Entry.Persistent);
        Assert.Equal(HttpStatusCode.Conflict, deleteMain.Status);
        Assert.Equal(ErrorCode.SessionProtected, deleteMain.Error!.Code);
    }

    [Fact]
    public async Task WrongToken_IsAnErrorReply_NotAnException()
    {
        await using var gw = await TestGateway.StartAsync();
        using var api = new CairnHttpClient(gw.Host.Address, "wrong");

        var reply = await api.RequestAsync<SessionsListResult>("sessions.list");

        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal(ErrorCode.Unauthorized, reply.Error!.Code);
    }

    [Fact]
    public async Task NothingListening_IsUnreachable_WithTheReason()
    {
        using var api = new CairnHttpClient(new Uri("http://127.0.0.1:1/"), "x");

        var unreachable = await Assert.ThrowsAsync<GatewayUnreachableException>(() => api.CallAsync<SessionsListResult>("sessions.list"));

        Assert.Equal("connection refused", unreachable.Reason);
    }

    [Fact]
    public async Task PatchParams_SendOnlyWhatIsSet_AndANullMaybeClears()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams("Described", Description: "keep me"));

        var renamed = await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("described", "Renamed"));
        var cleared = await gw.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams("described", Description: null));

        Assert.Equal(("Renamed", "keep me"), (renamed.Entry.Label, renamed.Entry.Description));
        Assert.Null(cleared.Entry.Description);
        Assert.Equal("Renamed", cleared.Entry.Label);
    }
}
