using System.Text.RegularExpressions;
using Cairn.E2E.Support;
using Cairn.Protocol;
using Xunit.Abstractions;

namespace Cairn.E2E.Insights;

/// <summary>
/// The session Insights dialog (from the chat header's session actions) and the <c>/insights</c> page, on the
/// numbers the gateway counted. With <c>CAIRN_E2E_DOCS_IMAGES</c> set to a folder (the repo's docs/images), the
/// two screens are also saved there as insights-session.png and insights-overview.png.
/// </summary>
public sealed class InsightsTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public Task TwoMessages_ShowInTheSessionInsights_AndTheOverviewCountsCreatedSessions() => fixture.RunAsync(output, async ui =>
    {
        var api = fixture.Gateway.Api;
        var label = Names.Unique("Insights");
        var key = (await api.CallAsync<SessionsCreateResult>("sessions.create", new SessionsCreateParams(label, Persistent: false))).Key;
        await ui.Page.SetViewportSizeAsync(1280, 1000);
        await ui.OpenAsync($"/chat?session={key}");
        await ui.SendAsync("first question");
        await ui.SendAsync("second question");

        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Session actions" }).ClickAsync();
        await ui.Page.GetByRole(AriaRole.Menu, new() { Name = "Session actions" })
            .GetByRole(AriaRole.Menuitem, new() { Name = "Insights…" }).ClickAsync();
        var dialog = ui.Page.GetByRole(AriaRole.Dialog, new() { Name = $"Insights: {label}" });
        await Expect(dialog).ToBeVisibleAsync();
        // Two questions and their two echoed replies: four conversation messages, two finished replies.
        await Expect(Stat(dialog, "Messages")).ToHaveTextAsync(StatText("Messages", "4"));
        await Expect(Stat(dialog, "Estimated cost")).ToHaveTextAsync(StatText("Estimated cost", "No price configured"));
        await Expect(dialog.GetByRole(AriaRole.Row, new() { Name = "Finished 2" })).ToBeVisibleAsync();
        await Expect(dialog.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Activity per day") })).ToBeVisibleAsync();
        await SaveScreenAsync(ui, "insights-session");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the session Insights dialog");
        await ui.Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);

        var overview = await api.CallAsync<AnalyticsOverviewResult>("analytics.overview", new AnalyticsOverviewParams());
        Assert.True(overview.SessionsCreated >= 1, "the session this test created is counted");
        await ui.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Insights" }).ClickAsync();
        await ui.ExpectUrlAsync("/insights");
        var page = ui.Page.Locator("cairn-insights-view");
        await Expect(Stat(page, "Sessions created")).ToHaveTextAsync(StatText("Sessions created", overview.SessionsCreated.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = label })).ToHaveAttributeAsync("href", $"/chat?session={key}");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Sessions per day") })).ToBeVisibleAsync();
        await SaveScreenAsync(ui, "insights-overview");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the insights page");

        await page.GetByRole(AriaRole.Button, new() { Name = "7 days" }).ClickAsync();
        await Expect(ui.Page).ToHaveURLAsync(new Regex(@"/insights\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "7 days" })).ToHaveAttributeAsync("aria-pressed", "true");

        // A phone in the dark theme: nothing wider than the screen (the header's three links and the echo badge too), still no serious violation.
        await ui.Page.SetViewportSizeAsync(375, 812);
        await ui.Page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await Expect(Stat(page, "Sessions created")).ToBeVisibleAsync();
        Assert.True(await ui.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page fits 375 px");
        await SaveScreenAsync(ui, "insights-overview-mobile-dark");
        await Axe.ExpectNoSeriousViolationsAsync(ui.Page, "the insights page at 375 px, dark");
    });

    private static ILocator Stat(ILocator scope, string name) =>
        scope.Locator(".stat").Filter(new() { Has = scope.Page.Locator("dt", new() { HasTextString = name }) }).First;

    private static Regex StatText(string name, string value) => new($@"^\s*{Regex.Escape(name)}\s*{Regex.Escape(value)}\s*$");

    private static async Task SaveScreenAsync(Ui ui, string screen)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts", "screens");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, screen + ".png");
        await ui.Page.ScreenshotAsync(new() { Path = path });
        var docs = Environment.GetEnvironmentVariable("CAIRN_E2E_DOCS_IMAGES");
        if (!string.IsNullOrEmpty(docs) && screen is "insights-session" or "insights-overview")
        {
            File.Copy(path, Path.Combine(docs, screen + ".png"), overwrite: true);
        }
    }
}
