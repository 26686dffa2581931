using Cairn.Protocol;

namespace Cairn.Gateway;

/// <summary>Builds the hello from what this gateway serves: the method table, the event catalog, the default model's provider, every configured model.</summary>
public static class HelloFactory
{
    extension(Hello)
    {
        public static Hello Create(MethodTable methods, bool namedSessions, ProviderInfo provider, IReadOnlyList<ModelSummary> models) =>
            new(Hello.ProtocolVersion, new HelloServer(Hello.ServerVersion),
                new HelloFeatures([.. methods.Names.Prepend("connect")], EventNames.All, namedSessions), provider, models);
    }
}
