using System.Net;

namespace Cairn.Gateway;

/// <summary>
/// <c>gateway.url</c> in the data dir: the address a running gateway answers on, written once it listens and
/// removed when it stops, so <c>cairn status|sessions|chat</c> find a gateway started with <c>--port</c> or
/// <c>--bind</c>. A gateway killed with SIGKILL leaves it behind; the next start overwrites it.
/// </summary>
public static class UrlFile
{
    public const string FileName = "gateway.url";

    public static string PathIn(string dataDir) => Path.Combine(dataDir, FileName);

    /// <summary>The URL a client on this machine should use: a wildcard bind (0.0.0.0, ::) is reached over loopback.</summary>
    public static Uri ClientUrl(Uri listening)
    {
        var host = listening.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            return new UriBuilder(listening) { Host = ip.Equals(IPAddress.Any) ? "127.0.0.1" : "[::1]" }.Uri;
        }

        return listening;
    }

    public static void Write(string dataDir, Uri listening)
    {
        var path = PathIn(dataDir);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // like every file of the data dir
        }

        using (var writer = new StreamWriter(temp, new System.Text.UTF8Encoding(false), options))
        {
            writer.Write(ClientUrl(listening).ToString().TrimEnd('/') + "\n");
        }

        File.Move(temp, path, overwrite: true);
    }

    public static void Delete(string dataDir) => File.Delete(PathIn(dataDir));

    /// <summary>The URL a gateway wrote into <paramref name="dataDir"/>, or null when there is none (or it is not a URL).</summary>
    public static Uri? TryRead(string dataDir)
    {
        try
        {
            var text = File.ReadAllText(PathIn(dataDir)).Trim();
            return Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
