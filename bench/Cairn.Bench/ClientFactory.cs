namespace Cairn.Bench;

/// <summary>Opens groups of connected clients of one transport; a group closes them all when disposed.</summary>
internal sealed class ClientFactory(Uri address, string token)
{
    public async Task<ClientGroup> OpenAsync(string transport, int count, CancellationToken ct)
    {
        var clients = new List<IRpcClient>(count);
        for (var i = 0; i < count; i++)
        {
            clients.Add(transport == "ws" ? await WsRpcClient.ConnectAsync(address, token, ct) : new HttpRpcClient(address, token));
        }

        return new ClientGroup(clients);
    }

    public Task<WsRpcClient> ConnectWsAsync(CancellationToken ct) => WsRpcClient.ConnectAsync(address, token, ct);
}
