using Cairn.Config;
using Cairn.Hosting;
using Cairn.Protocol;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cairn.Tests.Observability;

public sealed class LoggingTests
{
    [Fact]
    public async Task EachRequest_LogsOneInformationLine_WithMethodOutcomeAndDuration_AndNoContent()
    {
        var logs = new CapturingLoggerProvider();
        await using var gw = await StartAsync(LogLevel.Information, logs);
        var token = gw.Token!;

        await gw.CallAsync<SessionsCreateResult>("sessions.create", new { label = "Secret Project Falcon", description = "launch codes 1234" });
        await gw.RequestAsync<SessionsResetResult>("sessions.reset", new SessionKeyParams("secret-project-falcon"));

        var requests = logs.Entries.Where(e => e.Category == typeof(RequestLogFilter).FullName && e.Level == LogLevel.Information).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Matches(@"^http sessions\.create secret-project-falcon -> OK in \d+\.\d ms$", requests[0].Message);
        Assert.Matches(@"^http sessions\.reset secret-project-falcon -> SESSION_PERSISTENT in \d+\.\d ms$", requests[1].Message);
        var aboveTrace = logs.Entries.Where(e => e.Level > LogLevel.Trace).Select(e => e.Message).ToList();
        Assert.DoesNotContain(aboveTrace, m => m.Contains("Falcon", StringComparison.Ordinal) || m.Contains("launch codes", StringComparison.Ordinal));
        Assert.DoesNotContain(aboveTrace, m => m.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task WarningLevel_DropsTheRequestLines()
    {
        var logs = new CapturingLoggerProvider();
        await using var gw = await StartAsync(LogLevel.Warning, logs);

        await gw.CallAsync<SessionsListResult>("sessions.list");

        Assert.DoesNotContain(logs.Entries, e => e.Category == typeof(RequestLogFilter).FullName);
    }

    [Fact]
    public void LogLevel_ComesFromConfig_AndEnvironment()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName), "gateway: { logLevel: debug }\n");

        Assert.Equal(LogLevel.Debug, ConfigLoader.Load(dir.Path, environment: []).Gateway.LogLevel);
        Assert.Equal(LogLevel.Warning, ConfigLoader.Load(dir.Path, environment: [new("CAIRN_GATEWAY__LOGLEVEL", "Warning")]).Gateway.LogLevel);
        Assert.Equal(LogLevel.Information, CairnConfig.Default.Gateway.LogLevel);
    }

    [Fact]
    public void LogLevel_Invalid_NamesTheKey()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, ConfigLoader.FileName), "gateway: { logLevel: loud }\n");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains("gateway.logLevel", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The real host at a chosen level with a capturing provider (TestGateway pins Warning).</summary>
    private static async Task<LoggedGateway> StartAsync(LogLevel level, CapturingLoggerProvider logs)
    {
        var dir = new TempDir();
        var config = CairnConfig.Default with { Gateway = CairnConfig.Default.Gateway with { Port = 0 } };
        var host = await GatewayHost.StartAsync(new GatewayStartOptions(dir.Path, config)
        {
            LogLevel = level,
            ConfigureServices = s => s.AddSingleton<ILoggerProvider>(logs),
        });
        return new LoggedGateway(host, dir);
    }

    private sealed class LoggedGateway(GatewayHost host, TempDir dir) : IAsyncDisposable
    {
        private readonly CairnHttpClient _api = new(host.Address, host.Token);

        public string? Token => host.Token;

        public Task<T> CallAsync<T>(string method, object? parameters = null) => _api.CallAsync<T>(method, parameters);

        public Task<RpcReply<T>> RequestAsync<T>(string method, object? parameters = null) => _api.RequestAsync<T>(method, parameters);

        public async ValueTask DisposeAsync()
        {
            _api.Dispose();
            await host.DisposeAsync();
            dir.Dispose();
        }
    }
}
