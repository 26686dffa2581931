namespace Cairn.Protocol;

public sealed record HelloServer(string Version);

public sealed record HelloFeatures(IReadOnlyList<string> Methods, IReadOnlyList<string> Events, bool NamedSessions);

/// <summary>The model behind chat: its provider name ("echo" is the offline one) and model name.</summary>
public sealed record ProviderInfo(string Name, string Model, bool Offline);

/// <summary>
/// The reply to <c>connect</c>: what this gateway speaks and serves. <see cref="Provider"/> is the default model's;
/// <see cref="Models"/> lists every configured model (the default one flagged).
/// </summary>
public sealed record Hello(int Protocol, HelloServer Server, HelloFeatures Features, ProviderInfo Provider, IReadOnlyList<ModelSummary>? Models = null)
{
    public const int ProtocolVersion = 1;

    /// <summary>The version every Cairn assembly carries (one <c>Version</c> in Directory.Build.props).</summary>
    public static string ServerVersion { get; } =
        typeof(Hello).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";
}

public sealed record ConnectClient(string Name, string? Version = null);

/// <summary>
/// The first request on <c>/ws</c>: the token and who is connecting; <see cref="Chat"/> narrows the <c>chat</c> events
/// from the start, as <c>events.subscribe</c> does later (null: every session's).
/// </summary>
public sealed record ConnectParams(string? Token = null, ConnectClient? Client = null, IReadOnlyList<string>? Chat = null);
