using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Cairn.Tests.Transport;

/// <summary>
/// A server and a client WebSocket joined over loopback TCP, without a web host: the framing loop runs on
/// <see cref="Server"/> while the test speaks raw frames on <see cref="Client"/>. Every wait has a timeout.
/// </summary>
internal sealed class WebSocketPair : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _serverTcp;
    private readonly TcpClient _clientTcp;

    private WebSocketPair(TcpClient serverTcp, TcpClient clientTcp)
    {
        _serverTcp = serverTcp;
        _clientTcp = clientTcp;
        Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true });
        Client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false });
    }

    public WebSocket Server { get; }

    public WebSocket Client { get; }

    public static async Task<WebSocketPair> CreateAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accepted = listener.AcceptTcpClientAsync(timeout.Token);
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, timeout.Token);
        return new WebSocketPair(await accepted, client);
    }

    public async Task SendAsync(string text, bool endOfMessage = true) => await SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage);

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage = true)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Client.SendAsync(bytes, type, endOfMessage, timeout.Token);
    }

    /// <summary>The next whole message the server sent: its text, or null when it was the close frame.</summary>
    public async Task<string?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await Client.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(message.ToArray());
    }

    public async Task CloseClientAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    /// <summary>Waits for <paramref name="task"/>, failing the test instead of hanging when it never ends.</summary>
    public static async Task WithinTimeoutAsync(Task task) => await task.WaitAsync(Timeout);

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _clientTcp.Dispose();
        _serverTcp.Dispose();
    }
}
