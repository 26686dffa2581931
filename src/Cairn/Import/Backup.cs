using System.Globalization;

namespace Cairn.Import;

/// <summary>
/// A copy of a file beside it, <c>&lt;name&gt;.bak-&lt;yyyyMMdd-HHmmss&gt;</c>, written before an import reads it.
/// A copy with the same bytes is reused, so a start-up that is interrupted and repeated does not pile them up.
/// </summary>
public static class Backup
{
    public static async Task<string> WriteAsync(string path, byte[] bytes, TimeProvider time, CancellationToken ct)
    {
        var dir = Path.GetDirectoryName(path)!;
        var name = Path.GetFileName(path);
        foreach (var existing in Directory.EnumerateFiles(dir, name + ".bak-*"))
        {
            if (new FileInfo(existing).Length == bytes.Length && (await File.ReadAllBytesAsync(existing, ct)).AsSpan().SequenceEqual(bytes))
            {
                return existing;
            }
        }

        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var target = Path.Combine(dir, $"{name}.bak-{stamp}");
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.Combine(dir, $"{name}.bak-{stamp}-{n}");
        }

        // Written under a temporary name and renamed, so a crash never leaves a half backup that looks whole.
        var temporary = target + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            await stream.WriteAsync(bytes, ct);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, target);
        return target;
    }
}
