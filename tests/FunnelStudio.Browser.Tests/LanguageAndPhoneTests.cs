using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>Chinese sales teams, often on phones: zh-CN throughout, and usable at 390 px.</summary>
[Collection(PortalCollection.Name)]
public sealed class LanguageAndPhoneTests(PortalFixture portal)
{
    [Fact]
    public async Task LanguageSwitch_ToChinese_ShowsChineseUiAndPackageLabels()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        await page.ClickAsync(".fs-lang button[value=zh-CN]");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("商机");
        await Expect(page.Locator("#fs-new")).ToHaveTextAsync("新建商机");
        await Expect(page.Locator("#fs-stage option[value=lead]")).ToHaveTextAsync("线索");
        await Expect(page.Locator(".fs-list-table th").First).ToContainTextAsync("商机编号");

        await page.GotoAsync("/o/deal/new");
        await Expect(page.Locator("fieldset legend").First).ToHaveTextAsync("基本信息");
        await Expect(page.Locator("#fs-save")).ToHaveTextAsync("保存");
        await Expect(page.Locator("#f_source option[value=website]")).ToHaveTextAsync("官网");

        await page.GotoAsync("/o/deal/board");
        await Expect(page.Locator("#fs-col-head-won h2")).ToHaveTextAsync("赢单");
        await PortalFixture.ScreenshotAsync(page, "board-zh-desktop");

        await page.ClickAsync(".fs-lang button[value=en]");
        await Expect(page.Locator("#fs-col-head-won h2")).ToHaveTextAsync("Won");
    }

    [Fact]
    public async Task Phone390_ListAndRecordFitTheScreen_BoardScrollsSideways()
    {
        var page = await portal.NewPageAsync(width: 390, height: 844, locale: "zh-CN");
        await PortalFixture.SignInAsync(page);
        await Expect(page).ToHaveURLAsync(new Regex("/o/deal$"));

        // List: each row stacked into a card — no header row, labels beside values, a few columns
        // only — and nothing wider than the screen.
        var card = page.Locator(".fs-list-table tr.fs-record-row").First;
        await Expect(card).ToBeVisibleAsync();
        await Expect(page.Locator(".fs-list-table thead")).ToBeHiddenAsync();
        Assert.Equal("block", await card.EvaluateAsync<string>("r => getComputedStyle(r).display"));
        Assert.True(await card.EvaluateAsync<double>("r => r.getBoundingClientRect().width") <= 390, "a list card is wider than the screen");
        Assert.Equal("flex", await card.Locator("td[data-label]").First.EvaluateAsync<string>("td => getComputedStyle(td).display"));
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the list page scrolls sideways at 390 px");
        await PortalFixture.ScreenshotAsync(page, "list-phone");

        // Record page: readable and the move buttons reachable.
        await card.Locator(".fs-title-cell a").ClickAsync();
        await Expect(page.Locator("#fs-checklist, .fs-path").First).ToBeVisibleAsync();
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the record page scrolls sideways at 390 px");
        await PortalFixture.ScreenshotAsync(page, "record-phone");

        // Form: one column.
        await page.GotoAsync("/o/deal/new");
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the form scrolls sideways at 390 px");
        await PortalFixture.ScreenshotAsync(page, "form-phone");

        // Board: the columns scroll inside the board, the page itself does not.
        await page.GotoAsync("/o/deal/board");
        var board = page.Locator("#fs-board");
        Assert.True(await board.EvaluateAsync<bool>("b => b.scrollWidth > b.clientWidth"), "the board does not scroll sideways");
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the board page itself scrolls sideways at 390 px");
        await board.EvaluateAsync("b => b.scrollBy(600, 0)");
        Assert.True(await board.EvaluateAsync<double>("b => b.scrollLeft") > 0);
        await PortalFixture.ScreenshotAsync(page, "board-phone");
    }

    [Fact]
    public async Task Phone390_MarkLostOnRecordPage_AsksForTheReasonThenCloses()
    {
        var page = await portal.NewPageAsync(width: 390, height: 844);
        await PortalFixture.SignInAsync(page);
        var name = "Lost deal " + Guid.NewGuid().ToString("N")[..6];
        await DealFlowTests.CreateDealAsync(page, name);

        await page.ClickAsync(".fs-move-button button[data-to=lost]");
        var dialog = page.Locator("#fs-move-modal");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(".fs-unmet-item[data-rule=lost_reason_given]")).ToContainTextAsync("Choose why the deal was lost.");
        await Expect(dialog.Locator("#m_lost_reason")).ToBeVisibleAsync();
        Assert.False(await page.PageOverflowsHorizontallyAsync(), "the move dialog is wider than the phone");
        await PortalFixture.ScreenshotAsync(page, "record-lost-dialog-phone", fullPage: false);

        await dialog.Locator("#m_lost_reason").SelectOptionAsync("competitor");
        await dialog.Locator("#fs-move-submit").ClickAsync();

        await Expect(page.Locator("#fs-current-stage")).ToHaveTextAsync("Lost");
        await Expect(page.Locator("[data-field=lost_reason]")).ToHaveTextAsync("Chose a competitor");
        await Expect(page.Locator(".alert-success")).ToContainTextAsync(name);
        await Expect(page.Locator(".fs-path [aria-current=step]")).ToHaveAttributeAsync("data-stage", "lost");
    }
}
