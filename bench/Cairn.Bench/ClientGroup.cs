namespace Cairn.Bench;

/// <summary>Connected clients of one measurement; disposing closes them all.</summary>
internal sealed class ClientGroup(IReadOnlyList<IRpcClient> clients) : IAsyncDisposable
{
    public IReadOnlyList<IRpcClient> Clients => clients;

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
