using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>What the package's roles allow, as people see it: finance confirms a payment a rep may only read; a rep's deal names its account even when the rep may not open it.</summary>
[Collection(AccessPortalCollection.Name)]
public sealed class AccessTests(AccessPortalFixture portal)
{
    private const string Finance = "finance@funnelstudio.local";
    private const string Manager = "manager@funnelstudio.local";

    [Fact]
    public async Task PaymentConfirmed_FinanceTicksIt_OnADealTheRepSeesReadOnly()
    {
        using var api = await portal.ApiAsync("rep@funnelstudio.local");
        var name = "Payment deal " + Guid.NewGuid().ToString("N")[..6];
        var id = await CreateAsync(api, "deal", new { name, source = "website" });

        // The rep's form shows the confirmation as text, with no input to tick.
        var rep = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(rep);
        await rep.GotoAsync($"/o/deal/{id}/edit");
        await Expect(rep.Locator("#f_payment_confirmed")).ToHaveAttributeAsync("readonly", "");
        await Expect(rep.Locator("#f_payment_confirmed")).ToHaveValueAsync("No");
        await Expect(rep.Locator("[data-field=payment_confirmed] input[type=checkbox]")).ToHaveCountAsync(0);
        await Expect(rep.Locator("#f_name")).ToBeEditableAsync();

        // Finance: the record page offers Edit but no moves; the form lets them tick only the confirmation.
        var finance = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(finance, Finance);
        await finance.GotoAsync($"/o/deal/{id}");
        await Expect(finance.Locator("#fs-move-controls")).ToHaveCountAsync(0);
        await finance.ClickAsync("#fs-edit");
        await Expect(finance.Locator("#f_name")).ToHaveAttributeAsync("readonly", "");
        await Expect(finance.Locator("#f_payment_confirmed")).ToHaveAttributeAsync("role", "switch");
        await finance.CheckAsync("#f_payment_confirmed");
        await PortalFixture.ScreenshotAsync(finance, "finance-confirms-payment");
        await finance.ClickAsync("#fs-save");
        await Expect(finance).ToHaveURLAsync(new Regex($"/o/deal/{id}$"));
        await Expect(finance.Locator("dd[data-field=payment_confirmed]")).ToHaveTextAsync("Yes");

        await rep.GotoAsync($"/o/deal/{id}");
        await Expect(rep.Locator("dd[data-field=payment_confirmed]")).ToHaveTextAsync("Yes");
        await rep.GotoAsync($"/o/deal/{id}/edit");
        await Expect(rep.Locator("#f_payment_confirmed")).ToHaveValueAsync("Yes");
    }

    [Fact]
    public async Task RepsDeal_ShowsItsAccountsNameAndLink_AlsoForAnAccountTheRepCannotOpen()
    {
        using var repApi = await portal.ApiAsync("rep@funnelstudio.local");
        using var managerApi = await portal.ApiAsync(Manager);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        // One account the rep owns, one the manager owns (reps here read only their own accounts).
        var ownName = $"Own Account {suffix}";
        var otherName = $"Manager Account {suffix}";
        var own = await CreateAsync(repApi, "account", new { name = ownName, phone = "021-12345678" });
        var other = await CreateAsync(managerApi, "account", new { name = otherName, phone = "021-87654321" });
        var dealName = $"Linked deal {suffix}";
        var deal = await CreateAsync(repApi, "deal", new { name = dealName, account = own });
        var dealWithOther = await CreateAsync(repApi, "deal", new { name = dealName + " B" });
        // The rep could not link an account they cannot read; their manager can.
        (await managerApi.PatchAsJsonAsync($"/api/v1/objects/deal/records/{dealWithOther}", new { values = new { account = other } })).EnsureSuccessStatusCode();

        var page = await portal.NewPageAsync();
        await PortalFixture.SignInAsync(page);
        await page.GotoAsync($"/o/deal/{dealWithOther}");
        var link = page.Locator("dd[data-field=account] a");
        await Expect(link).ToHaveTextAsync(otherName);
        await Expect(link).ToHaveAttributeAsync("href", $"/o/account/{other}");
        await PortalFixture.ScreenshotAsync(page, "rep-deal-linked-account");
        var opened = await page.RunAndWaitForResponseAsync(() => link.ClickAsync(), r => r.Url.EndsWith($"/o/account/{other}", StringComparison.Ordinal));
        Assert.Equal((int)HttpStatusCode.Forbidden, opened.Status);

        await page.GotoAsync($"/o/deal/{deal}");
        await Expect(page.Locator("dd[data-field=account] a")).ToHaveTextAsync(ownName);
        await page.ClickAsync("dd[data-field=account] a");
        await Expect(page.Locator("#fs-record-title")).ToHaveTextAsync(ownName);

        // The list and the form name it too: the form's lookup shows the title, not an id.
        await page.GotoAsync($"/o/deal?q={Uri.EscapeDataString(dealName + " B")}");
        await Expect(page.Locator(".fs-list-table tbody tr").First).ToContainTextAsync(otherName);
        await page.GotoAsync($"/o/deal/{dealWithOther}/edit");
        await Expect(page.Locator("#f_account")).ToHaveValueAsync(otherName);
        // And the rep's account list holds only their own.
        await page.GotoAsync("/o/account");
        await Expect(page.Locator(".fs-list-table")).Not.ToContainTextAsync(otherName);
    }

    private static async Task<string> CreateAsync(HttpClient api, string obj, object values)
    {
        var response = await api.PostAsJsonAsync($"/api/v1/objects/{obj}/records", new { values });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a {obj} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
