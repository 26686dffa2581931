using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cairn.Bench;

/// <summary>One benchmark client on one transport; a method call returns its result or throws <see cref="RpcError"/>.</summary>
internal interface IRpcClient : IAsyncDisposable
{
    string Transport { get; }

    Task<JsonElement> CallAsync(string method, object? parameters, CancellationToken ct);
}

/// <summary>A request the gateway answered with <c>ok: false</c> (or not at all).</summary>
internal sealed class RpcError(string method, string code, string message) : Exception($"{method}: {code} {message}")
{
    public string Code => code;
}

internal static class Rpc
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static RpcError ErrorFrom(string method, JsonElement error) => error.ValueKind != JsonValueKind.Object
        ? new(method, "?", "the reply has neither a result nor an error")
        : new(method,
            error.TryGetProperty("code", out var code) ? code.GetString() ?? "?" : "?",
            error.TryGetProperty("message", out var message) ? message.GetString() ?? "" : "");
}
