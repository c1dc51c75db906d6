using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The demo package's plugin hooks as a manager and an admin meet them: discount-guard refusing a
/// discount above the manager's limit beside the field (a rep's limit is also a validation rule of
/// the package, which refuses first), lead-scoring filling the score, and the last save's trace an
/// admin reads on the record page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ScriptHookTests(PortalFixture portal)
{
    [Fact]
    public async Task ManagerOverTheirDiscountLimit_IsRefusedBesideTheField_ThenSaves_AndTheAdminSeesWhatTheHooksDid()
    {
        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page, "manager@funnelstudio.local");
        await page.GotoAsync("/o/deal/new");
        var name = "Hooked deal " + Guid.NewGuid().ToString("N")[..6];
        await page.FillAsync("#f_name", name);
        await page.FillAsync("#f_amount", "300000");
        await page.SelectOptionAsync("#f_source", "referral");
        await page.CheckAsync("#f_icp_fit");
        await page.FillAsync("#f_discount", "55");
        await page.ClickAsync("#fs-save");

        // discount-guard's addError, on the field it named; nothing was created and what was typed stays.
        await Expect(page.Locator("[data-field=discount] .invalid-feedback")).ToContainTextAsync("A discount of 55 is above your limit of 50.");
        await Expect(page).ToHaveURLAsync(new Regex("/o/deal/new"));
        await Expect(page.Locator("#f_name")).ToHaveValueAsync(name);
        await PortalFixture.ScreenshotAsync(page, "script-refused-desktop");

        await page.FillAsync("#f_discount", "10");
        await page.ClickAsync("#fs-save");
        await Expect(page).ToHaveURLAsync(new Regex("/o/deal/[0-9a-f-]{36}$"));
        // lead-scoring: referral 30 + ICP fit 20.
        await Expect(page.Locator("[data-field=lead_score]")).ToHaveTextAsync("50");
        // The trace is for admins only.
        await Expect(page.Locator("#fs-save-trace")).ToHaveCountAsync(0);

        var admin = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(admin, "admin@funnelstudio.local");
        await admin.GotoAsync(page.Url);
        await admin.ClickAsync("#fs-save-trace summary");
        await Expect(admin.Locator("#fs-save-trace-outcome")).ToHaveTextAsync("Saved");
        var scoring = admin.Locator(".fs-trace-step[data-kind=script][data-name*='lead-scoring']");
        var guard = admin.Locator(".fs-trace-step[data-kind=script][data-name*='discount-guard']");
        await Expect(scoring).ToHaveAttributeAsync("data-decision", "changed");
        await Expect(scoring).ToContainTextAsync("set lead_score");
        await Expect(guard).ToHaveAttributeAsync("data-decision", "passed");
        await PortalFixture.ScreenshotAsync(admin, "script-trace-desktop");
    }
}
