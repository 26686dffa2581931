using System.Security.Cryptography;

namespace Cairn.Gateway;

/// <summary><c>gateway.token</c> in the data dir: made on first start (mode 0600), read by the gateway and the CLI.</summary>
public static class TokenFile
{
    public const string FileName = "gateway.token";

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    public static string? TryRead(string dataDir) =>
        File.Exists(PathIn(dataDir)) ? File.ReadAllText(PathIn(dataDir)).Trim() is { Length: > 0 } token ? token : null : null;

    public static string LoadOrCreate(string dataDir)
    {
        if (TryRead(dataDir) is { } existing)
        {
            return existing;
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var path = PathIn(dataDir);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token);
        }

        return token;
    }
}
