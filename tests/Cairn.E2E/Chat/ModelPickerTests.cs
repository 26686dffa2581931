using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Chat;

/// <summary>Two models: the offline echo (the default) and a scripted OpenAI-compatible server.</summary>
public sealed class TwoModelsFixture : GatewayFixture
{
    private ScriptedModelServer? _model;

    public ScriptedModelServer Model => _model ?? throw new InvalidOperationException("The model server is not running.");

    protected override string? ConfigYaml => Yaml(withScripted: true);

    public string Yaml(bool withScripted) =>
        "models:\n  - { name: echo, provider: echo }\n"
        + (withScripted ? $"  - {{ name: scripted, provider: openai, baseUrl: '{Model.BaseUrl}', apiKey: sk-e2e, model: scripted, contextWindow: 200000 }}\n" : "")
        + "defaultModel: echo\n";

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

/// <summary>The chat header's model picker: the session's model, picked from the keyboard, used by the next turn; a removed model's fallback.</summary>
public sealed class ModelPickerTests(TwoModelsFixture fixture, ITestOutputHelper output) : IClassFixture<TwoModelsFixture>
{
    [Fact]
    public Task PickingAModel_PatchesTheSession_AndTheNextReplyComesFromIt_AndARemovedModelFallsBackWithANotice() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(Names.Unique("Models")))).Key;
        await ui.OpenAsync($"/chat?session={key}");
        var picker = ui.Page.GetByRole(AriaRole.Combobox, new() { Name = "Model for this session" });
        await Expect(picker).ToHaveValueAsync("");
        await ui.SendAsync("first on the default");

        // From the keyboard, as a user without a mouse would: focus the select and choose the scripted model.
        await picker.FocusAsync();
        await picker.SelectOptionAsync("scripted");
        await Expect(picker).ToHaveValueAsync("scripted");
        await Expect(picker).ToBeEnabledAsync(); // disabled while the change is on its way: now it is stored
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the chat header with the model picker");
        Assert.Equal("scripted", await PinnedAsync(key));

        await ui.Composer.FillAsync("second, to the scripted model");
        await ui.Composer.PressAsync("Enter");
        fixture.Model.Send("Answered by the scripted server.");
        fixture.Model.End();
        await Expect(ui.Conversation).ToContainTextAsync("Answered by the scripted server.");
        await Expect(ui.Conversation).Not.ToContainTextAsync("Echo: second");

        // The model is removed from the config: the session falls back to echo and the chat says so once.
        await fixture.StopGatewayAsync();
        await File.WriteAllTextAsync(Path.Combine(fixture.DataDir, "config.yaml"), fixture.Yaml(withScripted: false));
        await fixture.StartGatewayAgainAsync();
        await ui.OpenAsync($"/chat?session={key}");
        await Expect(ui.Page.GetByRole(AriaRole.Status).Filter(new() { HasTextString = "scripted is no longer configured: echo answers" }))
            .ToBeVisibleAsync();
        await ui.SendAsync("third, after the removal");
        await Expect(ui.Conversation).ToContainTextAsync("This session was set to the model 'scripted', which is no longer configured");

        // Back to the default (with one model left the header has nothing to pick: through the API of the restarted gateway).
        await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.patch", new SessionsPatchParams(key, Model: null));
        Assert.Null(await PinnedAsync(key));
    });

    private async Task<string?> PinnedAsync(string key) =>
        (await fixture.Gateway.Api.CallAsync<SessionEntryResult>("sessions.get", new SessionGetParams(key))).Entry.Model;
}
