using Cairn.Config;
using Cairn.Gateway;
using Cairn.Transport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cairn.Sharing;

/// <summary>
/// Where a share link points: the address the gateway listens on (a wildcard bind is given as loopback, as
/// <c>gateway.url</c> does). Behind a reverse proxy the UI joins its own origin and the link's path instead.
/// </summary>
public sealed class ShareAddress(IServer server, CairnConfig config)
{
    public bool LoopbackOnly => OriginPolicy.IsLoopback(config.Gateway.Bind);

    public string UrlOf(string path)
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return listening is null ? path : UrlFile.ClientUrl(new Uri(listening)).ToString().TrimEnd('/') + path;
    }
}
