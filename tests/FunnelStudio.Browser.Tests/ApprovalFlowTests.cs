using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// b2b-saas's discount approval in the browser: a rep gives a deal in <c>opportunity</c> a 30%
/// discount, is held there (the stage's exit needs the approval), the manager approves from
/// "My approvals" on a phone, and the rep then moves the deal on.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ApprovalFlowTests(PortalFixture portal)
{
    /// <summary>A rep's deal in opportunity with everything won needs except the approval: finance has confirmed the payment.</summary>
    private async Task<string> DealReadyToWinAsync(string name)
    {
        using var rep = await portal.ApiAsync("rep@funnelstudio.local");
        var created = await rep.PostAsJsonAsync("/api/v1/objects/deal/records", new
        {
            values = new Dictionary<string, object>
            {
                ["name"] = name, ["source"] = "website", ["amount"] = 300000, ["close_date"] = "2027-03-31",
                ["first_contact_at"] = "2026-11-02T02:00:00Z", ["icp_fit"] = true, ["need_confirmed"] = true, ["willing_to_talk"] = true,
                ["budget_confirmed"] = true, ["decision_maker"] = "CIO", ["timeline"] = "Q1", ["demo_scheduled_at"] = "2026-11-20T06:00:00Z",
                ["demo_done"] = true, ["decision_maker_feedback"] = "positive", ["contract_signed"] = true,
            },
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var moved = await rep.PostAsJsonAsync($"/api/v1/objects/deal/records/{id}/stage", new { to = "opportunity" });
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        using var finance = await portal.ApiAsync("finance@funnelstudio.local");
        var paid = await finance.PatchAsJsonAsync($"/api/v1/objects/deal/records/{id}", new { values = new { payment_confirmed = true } });
        Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
        return id;
    }

    [Fact]
    public async Task DiscountOver20_HoldsTheDealInOpportunity_UntilTheManagerApprovesFromMyApprovals()
    {
        var name = "Discount deal " + Guid.NewGuid().ToString("N")[..6];
        var id = await DealReadyToWinAsync(name);
        var rep = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(rep);

        // The rep gives a 30% discount: the save asks for the discount approval.
        await rep.GotoAsync($"/o/deal/{id}/edit");
        await rep.FillAsync("#f_discount", "30");
        await rep.ClickAsync("#fs-save");
        await Expect(rep).ToHaveURLAsync($"{portal.BaseUrl}/o/deal/{id}");
        var request = rep.Locator("#fs-record-approvals .fs-record-approval").First;
        await Expect(request).ToHaveAttributeAsync("data-status", "pending");
        await Expect(request.Locator(".fs-approval-step").First).ToHaveAttributeAsync("data-status", "pending");
        await PortalFixture.ScreenshotAsync(rep, "approval-record-pending");

        // Leaving opportunity is blocked while the approval is missing.
        await rep.ClickAsync(".fs-move-button button[data-to=won]");
        await Expect(rep.Locator("#fs-move-modal")).ToBeVisibleAsync();
        await Expect(rep.Locator("#fs-move-modal .fs-unmet-item, #fs-move-modal .alert").First).ToBeVisibleAsync();
        await rep.GotoAsync($"/o/deal/{id}");
        await Expect(rep.Locator("#fs-current-stage")).ToHaveTextAsync("Opportunity");

        // The manager approves on a phone, from My approvals (the nav shows the count).
        var manager = await portal.NewPageAsync(width: 390, height: 844);
        await PortalFixture.SignInAsync(manager, "manager@funnelstudio.local");
        await manager.GotoAsync("/approvals");
        await Expect(manager.Locator("#fs-approvals-count")).ToBeAttachedAsync();
        var item = manager.Locator(".fs-approval", new PageLocatorOptions { HasText = name });
        await Expect(item).ToHaveAttributeAsync("data-status", "pending");
        Assert.False(await manager.PageOverflowsHorizontallyAsync(), "My approvals is wider than the phone");
        await PortalFixture.ScreenshotAsync(manager, "approvals-phone");
        await item.Locator("textarea[name=comment]").FillAsync("OK for this quarter");
        await item.Locator(".fs-approve").ClickAsync();
        await Expect(manager.Locator(".alert-success")).ToContainTextAsync("Approved.");
        await Expect(manager.Locator(".fs-approval", new PageLocatorOptions { HasText = name })).ToHaveCountAsync(0);

        // The rep moves the deal on.
        await rep.GotoAsync($"/o/deal/{id}");
        await Expect(rep.Locator("#fs-record-approvals .fs-record-approval").First).ToHaveAttributeAsync("data-status", "approved");
        await rep.ClickAsync(".fs-move-button button[data-to=won]");
        var dialog = rep.Locator("#fs-move-modal");
        if (await dialog.IsVisibleAsync()) await dialog.Locator("#fs-move-submit").ClickAsync();
        await Expect(rep.Locator("#fs-current-stage")).ToHaveTextAsync("Won");
    }
}
