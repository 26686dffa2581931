using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Cairn.Protocol;

namespace Cairn.Transport;

/// <summary>
/// A response frame serialized into pooled chunks instead of one exact-size array. A large reply (a long
/// <c>chat.history</c>) would otherwise allocate a fresh large-object-heap array for every request, and under many
/// such requests a second the garbage collector's headroom, not the queued bytes, set the gateway's memory (issue 19:
/// +145 MiB under four clients). The JSON is written into a scratch buffer kept per thread, then copied into chunks
/// from a pool of their own, which go back once the frame is sent or dropped; the frame goes out as WebSocket
/// fragments, one per chunk.
/// </summary>
internal sealed class PooledFrame
{
    /// <summary>
    /// One chunk, sent as one fragment. Small enough that the WebSocket's own send buffer for it (the fragment and a
    /// header of at most 14 bytes, rented from the shared pool) stays in the pool's 64 KiB size and under the
    /// large-object threshold: a whole 0.57 MiB reply sent at once made it rent, and under load allocate, a 1 MiB
    /// array per send, held for as long as the client did not read.
    /// </summary>
    public const int ChunkBytes = (64 * 1024) - 64;

    // A thread's scratch buffer is kept for the next frame unless one frame grew it past this.
    private const int ScratchKeepBytes = 4 * 1024 * 1024;

    // Not ArrayPool.Shared: that one keeps few arrays per size and per core, so under load most chunks would be
    // garbage again. Bounded: at most 512 chunks (32 MiB) are kept.
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 64 * 1024, maxArraysPerBucket: 512);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _scratch;

    private readonly byte[][] _chunks;

    private PooledFrame(byte[][] chunks, int length)
    {
        _chunks = chunks;
        Length = length;
    }

    /// <summary>Total bytes of the frame.</summary>
    public int Length { get; }

    public static PooledFrame Serialize(object frame)
    {
        var scratch = _scratch ??= new ArrayBufferWriter<byte>(ChunkBytes);
        try
        {
            using (var writer = new Utf8JsonWriter(scratch, new JsonWriterOptions { SkipValidation = true }))
            {
                JsonSerializer.Serialize(writer, frame, WireJson.Options);
            }

            return FromBytes(scratch.WrittenSpan);
        }
        finally
        {
            if (scratch.Capacity > ScratchKeepBytes)
            {
                _scratch = null;
            }
            else
            {
                scratch.ResetWrittenCount();
            }
        }
    }

    /// <summary>Sends the frame as one WebSocket message, a fragment per chunk.</summary>
    public async Task SendAsync(WebSocket socket, CancellationToken ct)
    {
        for (var i = 0; i < _chunks.Length; i++)
        {
            var last = i == _chunks.Length - 1;
            var length = last ? Length - (i * ChunkBytes) : ChunkBytes;
            await socket.SendAsync(_chunks[i].AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: last, ct);
        }
    }

    /// <summary>The pooled chunks go back to the pool; call once, when the frame was sent or dropped.</summary>
    public void Return()
    {
        foreach (var chunk in _chunks)
        {
            // The pool's arrays are 64 KiB, longer than a chunk; a frame's tail is an exact-size array of its own.
            if (chunk.Length > ChunkBytes)
            {
                Pool.Return(chunk);
            }
        }
    }

    private static PooledFrame FromBytes(ReadOnlySpan<byte> json)
    {
        // Whole chunks come from the pool; the rest is an array of its exact size (under the large-object threshold),
        // so a queued frame holds no more memory than its length, which is what the send budget counts.
        var chunks = new byte[(json.Length + ChunkBytes - 1) / ChunkBytes][];
        for (var i = 0; i < chunks.Length; i++)
        {
            var part = json.Slice(i * ChunkBytes, Math.Min(ChunkBytes, json.Length - (i * ChunkBytes)));
            if (part.Length < ChunkBytes)
            {
                chunks[i] = part.ToArray();
                continue;
            }

            chunks[i] = Pool.Rent(ChunkBytes);
            part.CopyTo(chunks[i]);
        }

        return new PooledFrame(chunks, json.Length);
    }
}
