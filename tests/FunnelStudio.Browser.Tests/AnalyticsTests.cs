using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The funnel dashboard in Chromium on the demo data: a manager opens it, the charts draw (no script
/// refused by the Content-Security-Policy), a click on a funnel step lands on the list of exactly
/// those records; on a phone the page stays within the screen.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class AnalyticsTests(PortalFixture portal)
{
    [Fact]
    public async Task Manager_ClicksAFunnelStep_AndLandsOnItsList_WhoseTotalIsTheStepsNumber()
    {
        var page = await portal.NewPageAsync();
        var refused = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error" && !message.Text.Contains("Failed to load resource", StringComparison.Ordinal)) refused.Add(message.Text); };
        await PortalFixture.SignInAsync(page, "manager@funnelstudio.local");

        await page.ClickAsync("#fs-analytics-link");
        await Expect(page).ToHaveURLAsync($"{portal.BaseUrl}/analytics");
        await Expect(page.Locator("#fs-chart-funnel")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#fs-chart-funnel canvas")).ToHaveCountAsync(1);
        await Expect(page.Locator("#fs-funnel-mode")).ToHaveAttributeAsync("data-mode", "cohort");
        await PortalFixture.ScreenshotAsync(page, "analytics-dashboard");

        var step = page.Locator("#fs-table-funnel a[data-fig='funnel.mql']");
        var number = long.Parse((await step.InnerTextAsync()).Replace(",", ""));
        Assert.True(number > 0, "the demo has deals that reached MQL in the last 90 days");
        await step.ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/analytics/records?", StringComparison.Ordinal));
        Assert.Contains("kind=funnel", page.Url);
        Assert.Contains("stage=mql", page.Url);
        await Expect(page.Locator("#fs-drill-title")).ToHaveAttributeAsync("data-stage", "mql");
        await Expect(page.Locator("#fs-drill-total")).ToHaveAttributeAsync("data-total", number.ToString());
        await Expect(page.Locator("#fs-drill-list .fs-drill-row")).ToHaveCountAsync((int)Math.Min(number, 50));
        Assert.Empty(refused);
    }

    [Fact]
    public async Task Dashboard_OnAPhone_StaysWithinTheScreen()
    {
        var page = await portal.NewPageAsync(width: 390, height: 844, locale: "zh-CN");
        await PortalFixture.SignInAsync(page, "manager@funnelstudio.local");

        await page.GotoAsync("/analytics?split=owner");
        await Expect(page.Locator("#fs-chart-funnel")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#fs-chart-trend-created")).ToHaveAttributeAsync("data-ready", "true");

        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the dashboard is wider than the phone");
        await PortalFixture.ScreenshotAsync(page, "analytics-phone");
        await page.GotoAsync("/analytics");
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the dashboard's cards are wider than the phone");
    }
}
