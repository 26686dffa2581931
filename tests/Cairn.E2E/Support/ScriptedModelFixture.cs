namespace Cairn.E2E.Support;

/// <summary>A gateway whose model is a <see cref="ScriptedModelServer"/>: the test writes each reply as it streams.</summary>
public sealed class ScriptedModelFixture : GatewayFixture
{
    private ScriptedModelServer? _model;

    public ScriptedModelServer Model => _model ?? throw new InvalidOperationException("The model server is not running.");

    protected override string? ConfigYaml =>
        $"model:\n  provider: openai\n  baseUrl: {Model.BaseUrl}\n  apiKey: sk-e2e\n  name: scripted\n  contextWindow: 200000\n";

    protected override async Task PrepareAsync() => _model = await ScriptedModelServer.StartAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }
}
