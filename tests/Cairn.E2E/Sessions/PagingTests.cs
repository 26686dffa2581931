using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Sessions;

/// <summary>
/// The sessions view's pages: numbered, with "Go to page"; page, filter and search live in the URL, so a reload
/// returns to the same page and Back/Forward walk the pages and filters seen; a page past the end shows the last.
/// </summary>
public sealed class PagingTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task PageNumbersAndJump_KeepPageAndFilterInTheUrl() => fixture.RunAsync(output, async ui =>
    {
        // 130 sessions matching one search, every other one persistent: 3 pages of 50, or 2 of the 65 persistent.
        var prefix = Names.Unique("Paged");
        for (var i = 0; i < 130; i++)
        {
            await fixture.Gateway.Api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams($"{prefix} {i:000}", Persistent: i % 2 == 0));
        }

        var q = Uri.EscapeDataString(prefix).Replace("%20", "+", StringComparison.Ordinal);
        await ui.OpenAsync($"/sessions?q={q}");
        await ExpectRangeAsync(ui, "1–50 of 130");
        await PageButton(ui, "Page 3").ClickAsync();
        await ui.ExpectUrlAsync($"/sessions?q={q}&page=3");
        await ExpectRangeAsync(ui, "101–130 of 130");
        await Expect(PageButton(ui, "Page 3")).ToHaveAttributeAsync("aria-current", "page");

        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await ExpectRangeAsync(ui, "101–130 of 130");
        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).ScrollIntoViewIfNeededAsync();
        await CheckAsync(ui, "the sessions view on page 3", "sessions-paging");
        await ui.Page.SetViewportSizeAsync(375, 812);
        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).ScrollIntoViewIfNeededAsync();
        await CheckAsync(ui, "the sessions view on page 3 (mobile)", "sessions-paging-mobile");
        await ui.Page.SetViewportSizeAsync(1280, 800);

        var jump = ui.Page.GetByRole(AriaRole.Spinbutton, new() { Name = "Go to page" });
        await jump.FillAsync("2");
        await jump.PressAsync("Enter");
        await ui.ExpectUrlAsync($"/sessions?q={q}&page=2");
        await ExpectRangeAsync(ui, "51–100 of 130");
        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/sessions?q={q}&page=3");
        await ExpectRangeAsync(ui, "101–130 of 130");
        await ui.Page.GoForwardAsync();
        await ExpectRangeAsync(ui, "51–100 of 130");

        // A filter starts again on page 1, and is kept like the page.
        await ui.Page.GetByRole(AriaRole.Group, new() { Name = "Filter sessions" }).GetByRole(AriaRole.Button, new() { Name = "Persistent" }).ClickAsync();
        await ui.ExpectUrlAsync($"/sessions?filter=persistent&q={q}");
        await ExpectRangeAsync(ui, "1–50 of 65");
        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Button, new() { Name = "Next →" }).ClickAsync();
        await ui.ExpectUrlAsync($"/sessions?filter=persistent&q={q}&page=2");
        await ExpectRangeAsync(ui, "51–65 of 65");
        await ui.Page.ReloadAsync();
        await ui.ExpectConnectedAsync();
        await ExpectRangeAsync(ui, "51–65 of 65");
        await Expect(ui.Page.GetByRole(AriaRole.Row).Filter(new() { HasTextString = prefix })).ToHaveCountAsync(15);
        await ui.Page.GoBackAsync();
        await ExpectRangeAsync(ui, "1–50 of 65");
        await ui.Page.GoBackAsync();
        await ui.ExpectUrlAsync($"/sessions?q={q}&page=2");
        await ExpectRangeAsync(ui, "51–100 of 130");

        // An old link past the end shows the last page, and the URL says so.
        await ui.OpenAsync($"/sessions?q={q}&page=99");
        await ExpectRangeAsync(ui, "101–130 of 130");
        await ui.ExpectUrlAsync($"/sessions?q={q}&page=3");
    });

    private static ILocator PageButton(Ui ui, string name) =>
        ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static Task ExpectRangeAsync(Ui ui, string range) =>
        Expect(ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).Locator("[aria-live]")).ToHaveTextAsync(new Regex("^\\s*" + Regex.Escape(range).Replace("\\ ", "\\s+", StringComparison.Ordinal) + "\\s*$"));

    private static async Task CheckAsync(Ui ui, string what, string screen)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        await ui.Page.ScreenshotAsync(new() { Path = Path.Combine(dir, screen + ".png") });
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, what);
    }
}
