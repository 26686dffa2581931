using System.Buffers;
using System.Text;
using System.Text.Json;
using Cairn.Config;
using Cairn.Observability;
using Cairn.Protocol;
using Microsoft.AspNetCore.Connections;

namespace Cairn.Transport;

/// <summary>
/// Caps the open TCP connections of every kind (plain HTTP, keep-alive, WebSockets) at
/// <c>gateway.limits.maxConnections</c>, as Kestrel connection middleware. One over the cap gets a plain
/// <c>503</c> with <c>Retry-After: 1</c> and the API's error body (<c>UNAVAILABLE</c>, reason
/// <c>too_many_connections</c>), written before any endpoint runs, and is closed. The request head is read first,
/// because closing a socket with unread bytes resets it and the client would lose the answer.
/// </summary>
public sealed class ConnectionLimit(CairnConfig config, CairnMetrics metrics, ILogger<ConnectionLimit> logger)
{
    public const string Reason = "too_many_connections";
    private const int MaxHeadBytes = 16 * 1024;

    private readonly int _max = config.Gateway.Limits.MaxConnections;
    private readonly byte[] _refusal = Refusal(config.Gateway.Limits.MaxConnections);
    private int _open;
    private int _refusing;

    /// <summary>Open connections right now.</summary>
    public int Open => Volatile.Read(ref _open);

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > _max)
        {
            Interlocked.Decrement(ref _open);
            metrics.LimitRefused("connections");
            if (Interlocked.Exchange(ref _refusing, 1) == 0)
            {
                Log.Refused(logger, "a connection", connection.RemoteEndPoint?.ToString(), $"{_max} connections are open (gateway.limits.maxConnections)");
            }

            await RefuseAsync(connection);
            return;
        }

        Volatile.Write(ref _refusing, 0);
        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    };

    private async Task RefuseAsync(ConnectionContext connection)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            var input = connection.Transport.Input;
            while (true)
            {
                var read = await input.ReadAsync(wait.Token);
                var complete = read.IsCompleted || read.Buffer.Length > MaxHeadBytes || HasWholeHead(read.Buffer);
                input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                if (complete)
                {
                    break;
                }
            }

            await connection.Transport.Output.WriteAsync(_refusal, wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException)
        {
            // A client that sends nothing within a second, or has gone, gets no answer.
        }

        await connection.Transport.Output.CompleteAsync();
    }

    private static bool HasWholeHead(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, "\r\n\r\n"u8);
    }

    private static byte[] Refusal(int max)
    {
        var error = new MethodError(ErrorCode.Unavailable,
            $"The gateway has {max} connections open, its limit (gateway.limits.maxConnections); try again in a moment.",
            new Dictionary<string, object?> { ["reason"] = Reason, ["retryAfterMs"] = 1000 });
        var body = JsonSerializer.SerializeToUtf8Bytes(new { ok = false, error }, ProtocolJson.Options);
        var head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\n"
            + $"X-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }
}
