namespace Cairn.Client.Hosting;

/// <summary>How <see cref="GatewayProcess"/> starts <c>cairn gateway run</c>.</summary>
public sealed record GatewayProcessOptions
{
    public required string DataDir { get; init; }

    /// <summary>The built gateway; by default the <c>cairn.dll</c> beside the running program.</summary>
    public string CairnDll { get; init; } = GatewayProcess.DefaultCairnDll;

    /// <summary>0 picks a free port; a fixed one lets an open page reconnect after a restart.</summary>
    public int Port { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Extra environment variables (configuration such as <c>CAIRN_SESSION__RESET__MODE</c>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How many lines of the gateway's output to keep (the newest); null keeps all of it.</summary>
    public int? KeepOutputLines { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
