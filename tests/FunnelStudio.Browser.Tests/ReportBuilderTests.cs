using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The report builder and dashboards in Chromium: a manager builds a small report in the form (deals
/// by stage, counted, as bars), saves it, pins it to a new dashboard and sees its chart drawn there —
/// with no script refused by the Content-Security-Policy; reorders its cards by dragging one by its grip;
/// on a phone the dashboard fits the screen.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ReportBuilderTests(PortalFixture portal)
{
    [Fact]
    public async Task Manager_BuildsAReport_PinsItToANewDashboard_AndSeesItsChartThere()
    {
        var page = await portal.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("Failed to load resource", StringComparison.Ordinal)) refused.Add(message.Text); };
        await PortalFixture.SignInAsync(page, "manager@funnelstudio.local");
        var name = $"Deals by stage {Guid.NewGuid().ToString("N")[..6]}";

        await page.GotoAsync("/reports");
        await Expect(page.Locator("#fs-reports-new")).ToHaveAttributeAsync("href", "/reports/new");
        await page.GotoAsync("/reports/new?object=deal");
        await Expect(page.Locator("#fs-builder-group-0 option[value='stage']")).ToHaveCountAsync(1);
        await page.FillAsync("#fs-builder-name", name);
        await page.SelectOptionAsync("#fs-builder-group-0", "stage");
        await page.SelectOptionAsync("#fs-builder-measure-0", "count");
        await page.SelectOptionAsync("#fs-builder-display", "bar");
        await page.ClickAsync("#fs-builder-preview");
        await Expect(page.Locator("#fs-builder-result #fs-report-chart canvas")).ToHaveCountAsync(1);
        await page.ClickAsync("#fs-builder-save");
        await page.WaitForURLAsync(url => System.Text.RegularExpressions.Regex.IsMatch(url, "/reports/[0-9a-f-]{36}$"));
        var reportUrl = page.Url;
        await Expect(page.Locator("#fs-report-title")).ToHaveTextAsync(name);

        await page.GotoAsync("/dashboards");
        await page.ClickAsync("#fs-dashboards-new");
        await page.FillAsync("#fs-dashboard-name", $"Board {name}");
        await page.ClickAsync("#fs-dashboard-create");
        await page.WaitForURLAsync(url => url.Contains("/dashboards/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        var dashboardUrl = page.Url;

        await page.GotoAsync(reportUrl);
        await page.SelectOptionAsync("#fs-report-pin-dashboard", new SelectOptionValue { Label = $"Board {name}" });
        await page.ClickAsync("#fs-report-pin-submit");
        await page.WaitForURLAsync(dashboardUrl);

        await Expect(page.Locator(".fs-card-title")).ToHaveTextAsync(name);
        await Expect(page.Locator("#fs-report-chart-card-0 canvas")).ToHaveCountAsync(1);
        await PortalFixture.ScreenshotAsync(page, "dashboard-built");
        Assert.True(refused.Count == 0, string.Join(" | ", refused));

        // A second card (the same report, made full width to tell the two apart), then dragged by its
        // grip in front of the first: SortableJS posts the new order, and a reload shows the server kept it.
        await page.GotoAsync(reportUrl);
        await page.SelectOptionAsync("#fs-report-pin-dashboard", new SelectOptionValue { Label = $"Board {name}" });
        await page.ClickAsync("#fs-report-pin-submit");
        await page.WaitForURLAsync(dashboardUrl);
        var cards = page.Locator(".fs-dashboard-card");
        await Expect(cards).ToHaveCountAsync(2);
        await cards.Nth(1).Locator(".fs-card-width").ClickAsync();
        await Expect(cards.Nth(1)).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("col-lg-6"));
        await Expect(cards.Nth(0)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("col-lg-6"));

        var reorder = page.WaitForResponseAsync(r => r.Url.Contains("handler=Reorder", StringComparison.Ordinal));
        await cards.Nth(1).Locator(".fs-card-handle").DragToAsync(cards.Nth(0).Locator(".fs-card-title"));
        Assert.Equal(200, (await reorder).Status);
        await page.ReloadAsync();
        await Expect(cards.Nth(0)).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("col-lg-6"));
        await Expect(cards.Nth(1)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("col-lg-6"));
        Assert.True(refused.Count == 0, string.Join(" | ", refused));

        var phone = await portal.NewPageAsync(width: 390, height: 844, locale: "zh-CN");
        await PortalFixture.SignInAsync(phone, "manager@funnelstudio.local");
        await phone.GotoAsync(dashboardUrl);
        await Expect(phone.Locator("#fs-report-chart-card-0 canvas")).ToHaveCountAsync(1);
        Assert.False(await phone.PageOverflowsHorizontallyAsync(), "the dashboard is wider than the phone");
        await phone.GotoAsync("/reports/new?object=deal");
        Assert.False(await phone.PageOverflowsHorizontallyAsync(), "the report builder is wider than the phone");
    }
}
