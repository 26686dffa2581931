using System.Net;
using System.Text.Json;

namespace Cairn.Tests.Support;

/// <summary>A parsed reply of <c>POST /api</c>.</summary>
public sealed record ApiReply(HttpStatusCode Status, JsonElement Body)
{
    public bool Ok => Body.TryGetProperty("ok", out var ok) && ok.GetBoolean();

    public JsonElement Result => Ok ? Body.GetProperty("result") : throw new InvalidOperationException($"Expected ok, got {Body}");

    public string? ErrorCode => Body.TryGetProperty("error", out var e) ? e.GetProperty("code").GetString() : null;

    public JsonElement Error => Body.GetProperty("error");

    public override string ToString() => $"{(int)Status} {Body}";
}
