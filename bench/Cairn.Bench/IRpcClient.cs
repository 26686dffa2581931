namespace Cairn.Bench;

/// <summary>
/// One benchmark client on one transport: a call returns its typed result, or throws
/// <see cref="Client.CairnCallException"/> (an error reply) or <see cref="Client.GatewayUnreachableException"/> (no reply).
/// </summary>
internal interface IRpcClient : IAsyncDisposable
{
    string Transport { get; }

    Task<T> CallAsync<T>(string method, object? parameters, CancellationToken ct);
}

internal static class Rpc
{
    /// <summary>How long any request, or the next event of a run, may take before it counts as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
}
