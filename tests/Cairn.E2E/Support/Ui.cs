using System.Text.RegularExpressions;

namespace Cairn.E2E.Support;

/// <summary>
/// One browser page on the control UI, with the steps a user takes (open, type, switch, create) written once.
/// Locators go by role, accessible name and visible text, as a user (or a screen reader) finds things.
/// </summary>
public sealed partial class Ui
{
    private readonly GatewayFixture _fixture;
    private readonly List<string> _console = [];
    private readonly List<string> _dialogs = [];

    public Ui(GatewayFixture fixture, IPage page)
    {
        _fixture = fixture;
        Page = page;
        page.Console += (_, message) => Record($"[{message.Type}] {message.Text}");
        page.PageError += (_, error) => Record($"[pageerror] {error}");
        page.Dialog += (_, dialog) =>
        {
            lock (_dialogs)
            {
                _dialogs.Add($"{dialog.Type}: {dialog.Message}");
            }

            _ = dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleLines
    {
        get
        {
            lock (_console)
            {
                return [.. _console];
            }
        }
    }

    /// <summary>Every alert/confirm/prompt the page opened (an injected script would show up here).</summary>
    public IReadOnlyList<string> Dialogs
    {
        get
        {
            lock (_dialogs)
            {
                return [.. _dialogs];
            }
        }
    }

    public ILocator Switcher => Page.GetByRole(AriaRole.Button, new() { NameRegex = CurrentSessionName() });

    public ILocator Composer => Page.GetByRole(AriaRole.Textbox, new() { Name = "Message", Exact = true });

    public ILocator Conversation => Page.GetByRole(AriaRole.Log);

    public ILocator Options => Page.GetByRole(AriaRole.Listbox, new() { Name = "Sessions" }).GetByRole(AriaRole.Option);

    public ILocator Toasts => Page.Locator("cairn-toast-stack");

    /// <summary>The path part of the current URL with its query, e.g. <c>/chat?session=work</c>.</summary>
    public string PathAndQuery => new Uri(Page.Url).PathAndQuery;

    /// <summary>Opens <paramref name="path"/> the way the gateway's banner link does (token in the fragment).</summary>
    public async Task OpenAsync(string path = "/")
    {
        await Page.GotoAsync($"{path}#token={_fixture.Gateway.Token}");
        await ExpectConnectedAsync();
    }

    public Task ExpectConnectedAsync() =>
        Expect(Page.GetByRole(AriaRole.Img, new() { Name = "Gateway: Connected" })).ToBeVisibleAsync();

    public Task ExpectUrlAsync(string pathAndQuery) =>
        Expect(Page).ToHaveURLAsync(new Regex("^[^?#]*" + Regex.Escape(pathAndQuery) + "$"));

    public Task ExpectChatHeaderAsync(string label) =>
        Expect(Page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^Current session: {Regex.Escape(label)}(, persistent)?\\. Switch session$") })).ToBeVisibleAsync();

    /// <summary>Types a message, sends it with Enter and waits for the echo model's whole reply.</summary>
    public async Task SendAsync(string text)
    {
        await Composer.FillAsync(text);
        await Composer.PressAsync("Enter");
        await Expect(Conversation).ToContainTextAsync($"Echo: {text}");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Stop the reply" })).ToHaveCountAsync(0);
        await Expect(Composer).ToHaveValueAsync("");
    }

    public async Task OpenSwitcherAsync()
    {
        await Switcher.ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Listbox, new() { Name = "Sessions" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Listbox, new() { Name = "Sessions" })).ToHaveAttributeAsync("aria-busy", "false");
    }

    public ILocator Option(string label) => Options.Filter(new() { Has = Page.Locator(".label", new() { HasTextString = label }) });

    /// <summary>Picks a session from the chat header's dropdown.</summary>
    public async Task SwitchToAsync(string label)
    {
        await OpenSwitcherAsync();
        await Option(label).ClickAsync();
        await ExpectChatHeaderAsync(label);
    }

    /// <summary>Switcher → New session → fills the dialog → Create session.</summary>
    public async Task CreateSessionAsync(string label, string? description = null, bool persistent = true)
    {
        await OpenSwitcherAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "New session", Exact = true }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "New session" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync(label);
        if (description is not null)
        {
            await dialog.GetByRole(AriaRole.Textbox, new() { Name = "Description" }).FillAsync(description);
        }

        await dialog.GetByRole(AriaRole.Checkbox, new() { Name = "Persistent" }).SetCheckedAsync(persistent);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create session" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await ExpectChatHeaderAsync(label);
    }

    /// <summary>The header's Sessions link → the table.</summary>
    public async Task OpenSessionsViewAsync()
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Sessions" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sessions" })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Table)).ToHaveAttributeAsync("aria-busy", "false");
    }

    /// <summary>The sessions table's row whose label is <paramref name="label"/> (a link, or plain text in the trash).</summary>
    public ILocator Row(string label) =>
        Page.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = Page.Locator(".label-link").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(label) + "$") }),
        });

    private void Record(string line)
    {
        lock (_console)
        {
            _console.Add(line);
        }
    }

    [GeneratedRegex("^Current session: ")]
    private static partial Regex CurrentSessionName();
}
