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

    /// <summary>
    /// Takes the lock, or returns null when another process holds it. Any other failure (a read-only data dir, no
    /// permission, a full disk) is thrown as it is, so it is not mistaken for a running gateway.
    /// </summary>
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
        catch (IOException ex) when (HeldElsewhere(ex))
        {
            return null;
        }
    }

    // flock's EWOULDBLOCK (EAGAIN: 11 on Linux, 35 on macOS), which .NET reports as the HResult; a sharing violation on Windows.
    private static bool HeldElsewhere(IOException ex) =>
        OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) == 32 : ex.HResult is 11 or 35;

    public void Dispose() => _stream.Dispose();
}
