using Cairn.Config;
using Cairn.Tests.Support;

namespace Cairn.Tests.Config;

/// <summary>The context-budget, timeout and retry keys of <c>model</c> (issue 14).</summary>
public sealed class ModelLimitsConfigTests
{
    [Fact]
    public void NoFile_GivesTheDocumentedModelDefaults()
    {
        using var dir = new TempDir();

        var model = ConfigLoader.Load(dir.Path, environment: []).Model;

        Assert.Null(model.ContextWindow);
        Assert.Equal(2048, model.DefaultContextWindow);
        Assert.Equal(1024, model.MaxOutputTokens);
        Assert.Equal(80, model.CompactAtPercent);
        Assert.Equal(60, model.FirstTokenTimeoutSeconds);
        Assert.Equal(30, model.IdleTimeoutSeconds);
        Assert.Equal(300, model.TimeoutSeconds);
        Assert.Equal(2, model.MaxRetries);
    }

    [Fact]
    public void OpenAi_DefaultsToAnEightKWindow()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), "model: { provider: openai, baseUrl: 'http://127.0.0.1:9/v1' }");

        var model = ConfigLoader.Load(dir.Path, environment: []).Model;

        Assert.Null(model.ContextWindow);
        Assert.Equal(8192, model.DefaultContextWindow);
    }

    [Fact]
    public void EveryKey_IsReadFromYaml_AndEnvironmentWins()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), """
            model:
              provider: openai
              baseUrl: http://127.0.0.1:9/v1
              contextWindow: 32768
              maxOutputTokens: 2000
              compactAtPercent: 70
              firstTokenTimeoutSeconds: 20
              idleTimeoutSeconds: 10
              timeoutSeconds: 120
              maxRetries: 0
            """);

        var model = ConfigLoader.Load(dir.Path, environment: [new("CAIRN_MODEL__MAXRETRIES", "4"), new("CAIRN_MODEL__CONTEXTWINDOW", "16384")]).Model;

        Assert.Equal(16384, model.ContextWindow);
        Assert.Equal(2000, model.MaxOutputTokens);
        Assert.Equal(70, model.CompactAtPercent);
        Assert.Equal(20, model.FirstTokenTimeoutSeconds);
        Assert.Equal(10, model.IdleTimeoutSeconds);
        Assert.Equal(120, model.TimeoutSeconds);
        Assert.Equal(4, model.MaxRetries);
    }

    [Theory]
    [InlineData("model: { contextWindow: 10 }", "model.contextWindow")]
    [InlineData("model: { contextWindow: 0 }", "model.contextWindow")]
    [InlineData("model: { maxOutputTokens: 8 }", "model.maxOutputTokens")]
    [InlineData("model: { contextWindow: 4096, maxOutputTokens: 3000 }", "model.maxOutputTokens")]
    [InlineData("model: { maxOutputTokens: 1500 }", "model.maxOutputTokens")]
    [InlineData("model: { compactAtPercent: 100 }", "model.compactAtPercent")]
    [InlineData("model: { compactAtPercent: 5 }", "model.compactAtPercent")]
    [InlineData("model: { firstTokenTimeoutSeconds: 0 }", "model.firstTokenTimeoutSeconds")]
    [InlineData("model: { idleTimeoutSeconds: soon }", "model.idleTimeoutSeconds")]
    [InlineData("model: { maxRetries: 11 }", "model.maxRetries")]
    [InlineData("model: { maxRetries: -1 }", "model.maxRetries")]
    [InlineData("model: { timeoutSeconds: 0 }", "model.timeoutSeconds")]
    [InlineData("model: { contextWindw: 4096 }", "model.contextWindw")]
    public void InvalidModelLimit_NamesTheKey(string yaml, string key)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), yaml);

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(dir.Path, environment: []));

        Assert.Contains(key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALargeOutput_IsAllowed_WhenTheWindowIsLargeEnough()
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), "model: { contextWindow: 128000, maxOutputTokens: 16000 }");

        var model = ConfigLoader.Load(dir.Path, environment: []).Model;

        Assert.Equal(128000, model.ContextWindow);
        Assert.Equal(16000, model.MaxOutputTokens);
    }
}
