namespace Cairn.Observability;

/// <summary>One part's answer to "can this gateway serve now?"; <see cref="Details"/> is shown as is in <c>/readyz</c>.</summary>
public sealed record ReadinessResult(bool Ready, string? Problem = null, object? Details = null)
{
    public static ReadinessResult Yes { get; } = new(true);
}

/// <summary>
/// A part that <c>GET /readyz</c> asks. Register more with <c>services.AddSingleton&lt;IReadinessCheck, …&gt;()</c>
/// (the chat feature adds its provider's health); the gateway is ready when every check is.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>The key of this check in the <c>/readyz</c> body, e.g. <c>store</c>.</summary>
    string Name { get; }

    ValueTask<ReadinessResult> CheckAsync(CancellationToken ct);
}

/// <summary>The store answers a real read (the same probe as <c>/healthz</c>).</summary>
public sealed class StoreReadinessCheck(IStoreProbe probe) : IReadinessCheck
{
    public string Name => "store";

    public ValueTask<ReadinessResult> CheckAsync(CancellationToken ct)
    {
        var store = probe.Check();
        return ValueTask.FromResult(store.Reachable
            ? new ReadinessResult(true, Details: new { schemaVersion = store.SchemaVersion })
            : new ReadinessResult(false, store.Problem));
    }
}
