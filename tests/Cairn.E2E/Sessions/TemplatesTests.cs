using Cairn.E2E.Chat;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// Templates in the browser: the New session dialog's template picker, used from the keyboard, makes a session with the
/// template's model (shown by the chat header's picker), tags and system prompt; the Templates page lists it; axe-core
/// finds nothing serious in the dialog or on the page.
/// </summary>
public sealed class TemplatesTests(TwoModelsFixture fixture, ITestOutputHelper output) : IClassFixture<TwoModelsFixture>
{
    [Fact]
    public Task NewSessionFromATemplate_HasItsModelTagsAndPrompt() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var name = Names.Unique("Preset");
        var tag = "tpl-" + Guid.NewGuid().ToString("N")[..6];
        await api.CallAsync<TemplateEntryResult>("templates.create",
            new TemplatesCreateParams(name, SystemPrompt: "Answer in haiku.", Model: "scripted", Tags: [tag], Description: "Poetry only."));
        await ui.OpenAsync("/chat");
        await ui.ExpectConnectedAsync();

        await ui.OpenSwitcherAsync();
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await Expect(dialog).ToBeVisibleAsync();
        var picker = dialog.GetByRole(AriaRole.Combobox, new() { Name = "Template" });
        await Expect(picker.Locator("option")).ToContainTextAsync([name]);
        await picker.FocusAsync();
        await picker.SelectOptionAsync(new SelectOptionValue { Label = name });
        await Expect(dialog).ToContainTextAsync("Poetry only.");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the New session dialog with a template chosen");
        var label = Names.Unique("Haiku");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync(label);
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).PressAsync("Enter");
        await Expect(dialog).ToBeHiddenAsync();
        await ui.ExpectChatHeaderAsync(label);
        await Expect(ui.Page.GetByRole(AriaRole.Combobox, new() { Name = "Model for this session" })).ToHaveValueAsync("scripted");

        var listed = await api.CallAsync<SessionsListResult>("sessions.list", new { tags = new[] { tag } });
        var entry = Assert.Single(listed.Sessions);
        Assert.Equal((label, "Answer in haiku.", "scripted"), (entry.Label, entry.SystemPrompt, entry.Model));

        await ui.OpenAsync("/templates");
        await Expect(ui.Page.GetByRole(AriaRole.List, new() { Name = "Templates" })).ToContainTextAsync(name);
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the Templates page");
    });
}
