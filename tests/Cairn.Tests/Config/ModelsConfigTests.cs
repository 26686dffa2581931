using Cairn.Config;
using Cairn.Tests.Support;

namespace Cairn.Tests.Config;

public sealed class ModelsConfigTests
{
    private const string TwoModels = """
        model: { timeoutSeconds: 120, maxOutputTokens: 512 }
        models:
          - name: fast
            provider: openai
            baseUrl: http://127.0.0.1:9/v1
            model: gpt-4o-mini
            contextWindow: 128000
            pricePerMillion: { input: 0.15, output: 0.6 }
          - name: Local
            provider: openai
            baseUrl: http://127.0.0.1:8080/v1
            apiKey: local-key
            model: qwen
            maxOutputTokens: 256
          - name: echo
            provider: echo
        defaultModel: local
        """;

    private static CairnConfig Load(string yaml, params KeyValuePair<string, string?>[] environment)
    {
        using var dir = new TempDir();
        File.WriteAllText(Path.Combine(dir.Path, "config.yaml"), yaml);
        return ConfigLoader.Load(dir.Path, environment: environment);
    }

    private static string Problem(string yaml, params KeyValuePair<string, string?>[] environment) =>
        Assert.Throws<ConfigException>(() => Load(yaml, environment)).Message;

    [Fact]
    public void SingleEchoBlock_IsOneDefaultModelNamedEcho()
    {
        var config = Load("model: { provider: echo, contextWindow: 1024, maxOutputTokens: 256 }");

        var only = Assert.Single(config.Models);
        Assert.Equal("echo", only.Name);
        Assert.Equal("echo", config.DefaultModel);
        Assert.Same(config.Model, only.Settings);
        Assert.Equal(1024, only.Settings.ContextWindow);
        Assert.False(config.HasModelsList);
    }

    [Fact]
    public void SingleOpenAiBlock_IsNamedAfterItsUpstreamModel_AndEnvironmentStillOverridesIt()
    {
        var config = Load("model: { provider: openai, baseUrl: 'http://127.0.0.1:9/v1', name: llama3 }",
            new KeyValuePair<string, string?>("CAIRN_MODEL__NAME", "qwen2.5"));

        Assert.Equal("qwen2.5", Assert.Single(config.Models).Name);
        Assert.Equal("qwen2.5", config.Model.Name);
        Assert.Equal("qwen2.5", config.DefaultModel);
    }

    [Fact]
    public void ModelsList_IsRead_WithSharedSettingsFromTheModelBlock()
    {
        var config = Load(TwoModels);

        Assert.True(config.HasModelsList);
        Assert.Equal(["fast", "Local", "echo"], config.Models.Select(m => m.Name));
        Assert.Equal("Local", config.DefaultModel);
        Assert.Equal("qwen", config.Model.Name);

        var fast = config.Models[0];
        Assert.Equal(("openai", "gpt-4o-mini", 128000, 512, 120), (fast.Settings.Provider, fast.Settings.Name, fast.Settings.ContextWindow, fast.Settings.MaxOutputTokens, fast.Settings.TimeoutSeconds));
        Assert.Equal(new ModelPrice(0.15m, 0.6m), fast.PricePerMillion);
        Assert.Equal(("local-key", 256, (int?)null), (config.Models[1].Settings.ApiKey, config.Models[1].Settings.MaxOutputTokens, config.Models[1].Settings.ContextWindow));
        Assert.Null(config.Models[1].PricePerMillion);
        Assert.Equal("echo", config.Models[2].Settings.Provider);
    }

    [Fact]
    public void WithoutDefaultModel_TheFirstEntryIsTheDefault()
    {
        var config = Load(TwoModels.Replace("defaultModel: local", "", StringComparison.Ordinal));

        Assert.Equal("fast", config.DefaultModel);
        Assert.Equal("gpt-4o-mini", config.Model.Name);
    }

    [Fact]
    public void ListEntries_AreOverriddenByIndexFromTheEnvironment()
    {
        var config = Load(TwoModels, new("CAIRN_MODELS__1__APIKEY", "from-env"), new("CAIRN_DEFAULTMODEL", "echo"));

        Assert.Equal("from-env", config.Models[1].Settings.ApiKey);
        Assert.Equal("echo", config.DefaultModel);
        Assert.Equal("echo", config.Model.Provider);
    }

    [Theory]
    [InlineData("- { name: a, provider: echo }\n  - { name: A, provider: echo }", "models.1.name", "used twice")]
    [InlineData("- { provider: echo }", "models.0.name", "required")]
    [InlineData("- { name: a }", "models.0.provider", "required")]
    [InlineData("- { name: a, provider: claude }", "models.0.provider", "not one of echo, openai")]
    [InlineData("- { name: default, provider: echo }", "models.0.name", "reserved")]
    [InlineData("- { name: a, provider: openai, baseUrl: nope }", "models.0.baseUrl", "absolute URL")]
    [InlineData("- { name: a, provider: echo, contextWindow: 1000, maxOutputTokens: 600 }", "models.0.maxOutputTokens", "at most half")]
    [InlineData("- { name: a, provider: echo, pricePerMillion: { input: -1 } }", "models.0.pricePerMillion.input", "not a number")]
    [InlineData("- { name: a, provider: echo, colour: red }", "models.0.colour", "unknown key")]
    public void BadEntries_FailNamingTheKey(string entries, string key, string problem)
    {
        var message = Problem($"models:\n  {entries}\n");

        Assert.Contains(key, message, StringComparison.Ordinal);
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownDefaultModel_FailsListingTheNames()
    {
        var message = Problem(TwoModels.Replace("defaultModel: local", "defaultModel: gpt-5", StringComparison.Ordinal));

        Assert.Contains("defaultModel", message, StringComparison.Ordinal);
        Assert.Contains("'gpt-5' is not one of the configured models: fast, Local, echo", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProviderKeysOfTheModelBlock_AreRefusedNextToAList()
    {
        var message = Problem("model: { provider: openai, name: x }\nmodels:\n  - { name: a, provider: echo }\n");

        Assert.Contains("config key 'model.provider': cannot be used together with a 'models' list", message, StringComparison.Ordinal);
        Assert.Contains("model.name", message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultModel_WithoutAList_MustNameTheOneModel()
    {
        Assert.Equal("echo", Load("defaultModel: ECHO").Models[0].Name);
        Assert.Contains("without a models list the one model is 'echo'", Problem("defaultModel: fast"), StringComparison.Ordinal);
    }
}
