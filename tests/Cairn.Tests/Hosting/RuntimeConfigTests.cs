using System.Text.Json;

namespace Cairn.Tests.Hosting;

/// <summary>
/// The runtime settings the shipped <c>cairn</c> executable starts with (its <c>cairn.runtimeconfig.json</c>, built
/// from src/Cairn/Cairn.csproj). Memory under load depends on them (issue 19: the server GC grew the gateway by
/// +140 MiB under four clients pulling large histories, the workstation GC by +50 MiB), so a change must be deliberate.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void TheGateway_RunsTheConcurrentWorkstationGarbageCollector()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "cairn.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
