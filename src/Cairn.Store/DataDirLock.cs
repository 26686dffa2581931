namespace Cairn.Store;

/// <summary>
/// An exclusive OS lock on <c>gateway.lock</c> in the data dir. On Linux .NET takes it with flock,
/// so the kernel releases it when the process dies, even by SIGKILL.
/// </summary>
public sealed class DataDirLock : IDisposable
{
    private readonly FileStream _stream;

    private DataDirLock(FileStream stream) => _stream = stream;

    public static string LockPath(string dataDir) => Path.Combine(dataDir, "gateway.lock");

    /// <summary>Takes the lock, or returns null when another process holds it.</summary>
    public static DataDirLock? TryAcquire(string dataDir)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // every file of the data dir is 0600
            }

            var stream = new FileStream(LockPath(dataDir), options);
            return new DataDirLock(stream);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
