using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>A rep's day: sign in, create a deal on the generated form, move it on the board.</summary>
[Collection(PortalCollection.Name)]
public sealed class DealFlowTests(PortalFixture portal)
{
    [Fact]
    public async Task SignIn_AsRep_LandsOnTheDealListWithTheirDeals()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);

        await Expect(page).ToHaveURLAsync(new Regex("/o/deal$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Deals");
        await Expect(page.Locator(".fs-list-table tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#fs-user-menu")).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "list-desktop");
    }

    [Fact]
    public async Task CreateDeal_OnGeneratedForm_ShowsServerMessagesThenSavesTheDeal()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        await page.GotoAsync("/o/deal/new");

        // Inputs by field type, from the package's form layout.
        await Expect(page.Locator("fieldset legend")).ToHaveTextAsync(["Basics", "Lead qualification", "BANT", "Demo and solution", "Closing"]);
        await Expect(page.Locator("[data-field=amount] .input-group-text")).ToHaveTextAsync("¥");
        await Expect(page.Locator("[data-field=discount] .input-group-text")).ToHaveTextAsync("%");
        await Expect(page.Locator("#f_close_date")).ToHaveAttributeAsync("type", "date");
        await Expect(page.Locator("#f_first_contact_at")).ToHaveAttributeAsync("type", "datetime-local");
        await Expect(page.Locator("#f_icp_fit")).ToHaveAttributeAsync("role", "switch");
        await Expect(page.Locator("#f_source option[value=webinar]")).ToHaveTextAsync("Webinar");
        await Expect(page.Locator("#f_weighted_amount")).ToHaveAttributeAsync("readonly", "");
        await Expect(page.Locator("#f_deal_no")).ToHaveAttributeAsync("readonly", "");
        await Expect(page.Locator("[data-field=name] .text-danger")).ToHaveTextAsync("*");
        await PortalFixture.ScreenshotAsync(page, "form-new-desktop");

        // Nothing typed: the engine refuses, and says so beside the field.
        await page.FillAsync("#f_amount", "2000000");
        await page.ClickAsync("#fs-save");
        await Expect(page.Locator("[data-field=name] .invalid-feedback")).ToContainTextAsync("Deal name");
        await Expect(page.Locator("[data-field=close_date] .invalid-feedback")).ToContainTextAsync("close date");
        await Expect(page.Locator("#f_amount")).ToHaveValueAsync("2000000"); // what was typed is kept
        await PortalFixture.ScreenshotAsync(page, "form-errors-desktop");

        var name = "Browser <b>form</b> deal " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#f_name", name);
        await page.FillAsync("#f_amount", "250000");
        await page.SelectOptionAsync("#f_source", "website");
        await page.ClickAsync("#fs-save");

        await Expect(page).ToHaveURLAsync(new Regex("/o/deal/[0-9a-f-]{36}$"));
        await Expect(page.Locator("#fs-record-title")).ToHaveTextAsync(name); // HTML shown as text
        await Expect(page.Locator("#fs-current-stage")).ToHaveTextAsync("Lead");
        await Expect(page.Locator("[data-field=amount]")).ToHaveTextAsync("¥250,000");
        await Expect(page.Locator(".fs-check[data-rule=first_contact_held]")).ToHaveAttributeAsync("data-passed", "false");
        await PortalFixture.ScreenshotAsync(page, "record-desktop");
    }

    [Fact]
    public async Task DragOnBoard_ToStageWithUnmetCriteria_ListsEveryCriterionAndMovesOnceFilled()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        var name = "Board deal " + Guid.NewGuid().ToString("N")[..6];
        await CreateDealAsync(page, name);

        await page.GotoAsync("/o/deal/board");
        var card = page.Locator(".fs-card", new PageLocatorOptions { HasText = name });
        var leadColumn = page.Locator(".fs-cards[data-stage=lead]");
        var sqlColumn = page.Locator(".fs-cards[data-stage=sql]");
        await Expect(leadColumn.Locator(".fs-card", new LocatorLocatorOptions { HasText = name })).ToBeVisibleAsync();
        var sqlCount = int.Parse(await page.Locator("#fs-col-head-sql .fs-count").InnerTextAsync());
        await PortalFixture.ScreenshotAsync(page, "board-desktop");

        // Lead → SQL passes lead and MQL: every exit criterion of both is missing.
        await page.DragAsync(card, sqlColumn);
        var dialog = page.Locator("#fs-move-modal");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(".fs-unmet-item")).ToHaveCountAsync(4);
        foreach (var rule in new[] { "first_contact_held", "fits_icp", "initial_need_confirmed", "agreed_to_talk" })
            await Expect(dialog.Locator($".fs-unmet-item[data-rule={rule}] .fs-rule")).ToHaveTextAsync(rule);
        await Expect(dialog.Locator(".fs-unmet-item[data-rule=fits_icp] .fs-unmet-message"))
            .ToHaveTextAsync("Confirm the contact fits the ideal customer profile.");
        await Expect(leadColumn.Locator(".fs-card", new LocatorLocatorOptions { HasText = name })).ToBeVisibleAsync(); // put back
        await PortalFixture.ScreenshotAsync(page, "board-dialog-desktop", fullPage: false);

        // Fill only part: the dialog stays, listing what is still missing.
        await dialog.Locator("#m_first_contact_at").FillAsync("2026-03-02T10:30");
        await dialog.Locator("#m_icp_fit").CheckAsync();
        await dialog.Locator("#fs-move-submit").ClickAsync();
        await Expect(dialog.Locator(".fs-unmet-item")).ToHaveCountAsync(2);
        await Expect(dialog.Locator("#m_first_contact_at")).ToHaveValueAsync("2026-03-02T10:30");

        await dialog.Locator("#m_need_confirmed").CheckAsync();
        await dialog.Locator("#m_willing_to_talk").CheckAsync();
        await dialog.Locator("#fs-move-submit").ClickAsync();

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(sqlColumn.Locator(".fs-card", new LocatorLocatorOptions { HasText = name })).ToBeVisibleAsync();
        await Expect(page.Locator("#fs-col-head-sql .fs-count")).ToHaveTextAsync((sqlCount + 1).ToString());
        await PortalFixture.ScreenshotAsync(page, "board-moved-desktop");

        // The record agrees: in SQL, with the values the dialog saved and the move in its history.
        await card.Locator(".fs-card-title").ClickAsync();
        await Expect(page.Locator("#fs-current-stage")).ToHaveTextAsync("Sales qualified lead (SQL)");
        await Expect(page.Locator("[data-field=icp_fit]")).ToHaveTextAsync("Yes");
        await Expect(page.Locator("[data-field=first_contact_at]")).ToHaveTextAsync("2026-03-02 10:30");
        await Expect(page.Locator("#fs-stage-history li").First).ToContainTextAsync("Sales qualified lead (SQL)");
    }

    [Fact]
    public async Task LookupInput_SearchesAsYouType_AndSavesThePickedRecord()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        await page.GotoAsync("/o/account");
        var account = (await page.Locator(".fs-list-table tbody tr a.fw-semibold").First.InnerTextAsync()).Trim();
        var query = account[..Math.Min(2, account.Length)];

        await page.GotoAsync("/o/deal/new");
        await page.FillAsync("#f_name", "Lookup deal " + Guid.NewGuid().ToString("N")[..6]);
        await page.Locator("#f_account").PressSequentiallyAsync(query, new LocatorPressSequentiallyOptions { Delay = 50 });
        var choices = page.Locator("[data-field=account] .fs-lookup-choice");
        await Expect(choices.Filter(new LocatorFilterOptions { HasNotText = query })).ToHaveCountAsync(0); // searched, not just listed
        var choice = choices.Filter(new LocatorFilterOptions { HasText = account }).First;
        await Expect(choice).ToBeVisibleAsync();
        await PortalFixture.ScreenshotAsync(page, "lookup-desktop", fullPage: false);
        await choice.ClickAsync();
        await Expect(page.Locator("#f_account")).ToHaveValueAsync(account);
        await Expect(page.Locator("[data-field=account] .fs-lookup-results")).ToBeEmptyAsync();

        await page.ClickAsync("#fs-save");
        await Expect(page.Locator("[data-field=account] a")).ToHaveTextAsync(account);
    }

    [Fact]
    public async Task CardMenu_MovesWithoutDragging_AndCancelLeavesTheCard()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        var name = "Menu deal " + Guid.NewGuid().ToString("N")[..6];
        await CreateDealAsync(page, name);
        await page.GotoAsync("/o/deal/board");
        var card = page.Locator(".fs-cards[data-stage=lead] .fs-card", new PageLocatorOptions { HasText = name });

        await card.Locator(".fs-card-menu").ClickAsync();
        var picker = page.Locator("#fs-stage-picker");
        await Expect(picker).ToBeVisibleAsync();
        await Expect(picker.Locator(".fs-move-item[data-to=lead]")).ToBeDisabledAsync();
        await picker.Locator(".fs-move-item[data-to=lost]").ClickAsync();

        var dialog = page.Locator("#fs-move-modal");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.Locator(".fs-unmet-item[data-rule=lost_reason_given]")).ToBeVisibleAsync();
        await dialog.Locator("button[data-bs-dismiss=modal].btn-outline-secondary").ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(card).ToBeVisibleAsync();

        await card.Locator(".fs-card-menu").ClickAsync();
        await picker.Locator(".fs-move-item[data-to=mql]").ClickAsync();
        await Expect(dialog).ToBeVisibleAsync(); // lead → MQL needs lead's exit criteria
        await dialog.Locator("#m_first_contact_at").FillAsync("2026-03-01T09:00");
        await dialog.Locator("#m_icp_fit").CheckAsync();
        await dialog.Locator("#fs-move-submit").ClickAsync();
        await Expect(page.Locator(".fs-cards[data-stage=mql] .fs-card", new PageLocatorOptions { HasText = name })).ToBeVisibleAsync();

        // Backward moves need no criteria: straight back, no dialog.
        var moved = page.Locator(".fs-cards[data-stage=mql] .fs-card", new PageLocatorOptions { HasText = name });
        await moved.Locator(".fs-card-menu").ClickAsync();
        await picker.Locator(".fs-move-item[data-to=lead]").ClickAsync();
        await Expect(page.Locator(".fs-cards[data-stage=lead] .fs-card", new PageLocatorOptions { HasText = name })).ToBeVisibleAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    [Fact]
    public async Task EditForm_SavedMeanwhileByAnotherTab_ShowsConflictAndKeepsInput()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        var name = "Conflict deal " + Guid.NewGuid().ToString("N")[..6];
        await CreateDealAsync(page, name);
        var editUrl = page.Url + "/edit";

        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(editUrl);
        await page.GotoAsync(editUrl);

        await other.FillAsync("#f_decision_maker", "Zhang Wei (CIO)");
        await other.ClickAsync("#fs-save");
        await Expect(other.Locator("#fs-record-title")).ToHaveTextAsync(name);

        await page.FillAsync("#f_decision_maker", "Li Na (CFO)");
        await page.ClickAsync("#fs-save");
        await Expect(page.Locator("#fs-conflict")).ToBeVisibleAsync();
        await Expect(page.Locator("#f_decision_maker")).ToHaveValueAsync("Li Na (CFO)");
        await Expect(page.Locator("[data-field=decision_maker] .fs-theirs")).ToContainTextAsync("Zhang Wei (CIO)");

        // Saving again, after seeing theirs, is a deliberate overwrite.
        await page.ClickAsync("#fs-save");
        await Expect(page.Locator("[data-field=decision_maker]")).ToHaveTextAsync("Li Na (CFO)");
    }

    internal static async Task CreateDealAsync(IPage page, string name)
    {
        await page.GotoAsync("/o/deal/new");
        await page.FillAsync("#f_name", name);
        await page.FillAsync("#f_amount", "120000");
        await page.SelectOptionAsync("#f_source", "webinar");
        await page.ClickAsync("#fs-save");
        await Expect(page).ToHaveURLAsync(new Regex("/o/deal/[0-9a-f-]{36}$"));
    }
}
