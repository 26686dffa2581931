namespace Cairn.Observability;

/// <summary>What <c>/healthz</c> learned about the store.</summary>
public sealed record StoreHealth(bool Reachable, int? SchemaVersion, string? Problem = null, bool Writable = true)
{
    /// <summary>"sqlite" or "postgres".</summary>
    public string Provider { get; init; } = "sqlite";
}

/// <summary>Checks the store for <c>/healthz</c>; an interface so a test can stand in a store that fails.</summary>
public interface IStoreProbe
{
    StoreHealth Check();
}
