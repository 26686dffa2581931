using System.Text;
using System.Text.Json;

namespace Cairn.Chat.Providers;

/// <summary>
/// A read-only pass-through over an SSE body that looks at each complete line as it goes by and throws a
/// <see cref="ProviderException"/> when the line is an error object. Lines without the bytes <c>"error"</c> (which
/// <c>{"error": …}</c> and vLLM's <c>{"object": "error"}</c> both contain) are never parsed, so a normal stream costs one byte scan.
/// </summary>
internal sealed class SseErrorStream(Stream inner, string? secret) : Stream
{
    private const int MaxLine = 64 * 1024;
    private readonly MemoryStream _line = new();
    private bool _errorEvent;
    private ProviderException? _pending;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ThrowIfPending();
        var read = inner.Read(buffer);
        return Passed(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfPending();
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Passed(buffer.Span[..read]);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _line.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// How many of the bytes just read go to the reader: all of them, or those before an error line, which is
    /// then thrown on the next read, so that text streamed before an error still arrives first.
    /// </summary>
    private int Passed(ReadOnlySpan<byte> bytes)
    {
        var lineStart = 0;
        for (var offset = 0; offset < bytes.Length;)
        {
            var end = bytes[offset..].IndexOf((byte)'\n');
            var part = end < 0 ? bytes[offset..] : bytes[offset..(offset + end)];
            if (_line.Length + part.Length <= MaxLine)
            {
                _line.Write(part);
            }

            if (end < 0)
            {
                break;
            }

            _pending = CheckLine(_line.GetBuffer().AsSpan(0, (int)_line.Length).TrimEnd((byte)'\r'));
            _line.SetLength(0);
            if (_pending is not null)
            {
                ThrowIfPending(lineStart);
                return lineStart;
            }

            offset += end + 1;
            lineStart = offset;
        }

        return bytes.Length;
    }

    private void ThrowIfPending(int passing = 0)
    {
        if (_pending is { } error && passing == 0)
        {
            _pending = null;
            throw error;
        }
    }

    private ProviderException? CheckLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _errorEvent = false;
            return null;
        }

        if (line.StartsWith("event:"u8))
        {
            _errorEvent = line[6..].Trim((byte)' ').SequenceEqual("error"u8);
            return null;
        }

        var isData = line.StartsWith("data:"u8);
        var isError = line.StartsWith("error:"u8);
        if (!isData && !isError)
        {
            return null;
        }

        var payload = line[(isData ? 5 : 6)..].TrimStart((byte)' ');
        return (isError || _errorEvent || payload.IndexOf("\"error\""u8) >= 0) && ErrorIn(payload, isError || _errorEvent)
            ? new ProviderException(ProviderErrors.FromResponse(null, Encoding.UTF8.GetString(payload), null, secret))
            : null;
    }

    private static bool ErrorIn(ReadOnlySpan<byte> payload, bool announced)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return announced;
            }

            var hasError = root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null;
            var errorObject = root.TryGetProperty("object", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "error";
            return hasError || errorObject || (announced && !root.TryGetProperty("choices", out _));
        }
        catch (JsonException)
        {
            // A line that is not JSON is not ours to judge, unless the server announced it as an error.
            return announced;
        }
    }
}
