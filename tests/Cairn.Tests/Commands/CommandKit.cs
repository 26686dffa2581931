using Cairn.Commands;
using Cairn.Protocol;
using Cairn.Store;
using Cairn.Tests.Support;

namespace Cairn.Tests.Commands;

/// <summary>Runs chat commands straight through the registry the gateway registered, as chat.send will.</summary>
internal static class CommandKit
{
    public static Task<CommandReply> RunAsync(this TestGateway gateway, string text, string session = "main", string? peer = null, string surface = "test") =>
        gateway.Service<ISlashCommands>().RunAsync(new CommandInvocation(session, text, surface, peer), CancellationToken.None);

    public static SessionEntry? Session(this TestGateway gateway, string key) => gateway.Service<SessionStore>().Get(key);

    public static string ActiveKey(this TestGateway gateway, string peer) => gateway.Service<PeerBindingStore>().ActiveKey(peer);

    public static async Task CreateAsync(this TestGateway gateway, string label, bool persistent = true) =>
        await gateway.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: persistent));
}
