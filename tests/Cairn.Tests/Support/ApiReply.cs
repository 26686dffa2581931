using System.Net;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Tests.Support;

/// <summary>
/// A reply of <c>POST /api</c> as raw JSON, for the tests not yet on <see cref="RpcReply{T}"/> (the OpenAI provider's,
/// which another change is extending). New tests use <c>TestGateway.RequestAsync&lt;T&gt;</c>.
/// </summary>
public sealed record ApiReply(RpcReply<JsonElement> Reply)
{
    public HttpStatusCode Status => Reply.Status ?? 0;

    public bool Ok => Reply.Ok;

    public JsonElement Result => Reply.Result;

    public string? ErrorCode => Reply.Error?.Code.WireName();

    public JsonElement Error => JsonSerializer.SerializeToElement(Reply.Error, ProtocolJson.Options);

    public override string ToString() => Reply.ToString();
}
