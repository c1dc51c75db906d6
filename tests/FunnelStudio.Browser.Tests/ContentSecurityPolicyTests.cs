using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FunnelStudio.Browser.Tests;

/// <summary>
/// The portal runs under a Content-Security-Policy that allows no inline script or style, and what
/// used to be inline handlers still works from the script files: the language switch, the list's
/// filters that apply on change, the phone's sort picker and the board's owner filter — with no
/// violation reported by the browser.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalFixture portal)
{
    [Fact]
    public async Task WithTheCspOn_LanguageSwitchListFiltersAndBoardOwnerFilterWork()
    {
        var page = await portal.NewPageAsync();
        var violations = Watch(page);

        var login = await page.GotoAsync("/Account/Login");
        Assert.Contains("script-src 'self';", login!.Headers["content-security-policy"]);
        Assert.Contains("style-src 'self';", login.Headers["content-security-policy"]);
        await PortalFixture.SignInAsync(page, "manager@funnelstudio.local");

        // The list's stage filter applies as soon as a stage is picked.
        await page.GotoAsync("/o/deal");
        await page.SelectOptionAsync("#fs-stage", "mql");
        await page.WaitForURLAsync(new Regex(@"/o/deal\?.*stage=mql"));
        await Expect(page.Locator("#fs-stage")).ToHaveValueAsync("mql");

        // … and so does the owner filter.
        await page.SelectOptionAsync("#fs-owner", new SelectOptionValue { Label = "李娜 Li Na" });
        await page.WaitForURLAsync(new Regex(@"/o/deal\?.*owner=[^&]+"));
        await Expect(page.Locator("#fs-owner option:checked")).ToHaveTextAsync("李娜 Li Na");
        await Expect(page.Locator("#fs-stage")).ToHaveValueAsync("mql");

        // The board's owner filter.
        await page.GotoAsync("/o/deal/board");
        await page.SelectOptionAsync("#fs-board-owner", new SelectOptionValue { Label = "李娜 Li Na" });
        await page.WaitForURLAsync(new Regex(@"/o/deal/board\?owner=[^&]+"));
        await Expect(page.Locator("#fs-board-owner option:checked")).ToHaveTextAsync("李娜 Li Na");
        await Expect(page.Locator("#fs-board")).ToBeVisibleAsync();

        // The language switch.
        await page.ClickAsync(".fs-lang button[value=zh-CN]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#fs-col-head-won h2")).ToHaveTextAsync("赢单");
        await page.ClickAsync(".fs-lang button[value=en]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        Assert.Empty(violations);
    }

    [Fact]
    public async Task WithTheCspOn_ThePhonesSortPickerGoesToTheChosenOrder()
    {
        var page = await portal.NewPageAsync(width: 390, height: 844);
        var violations = Watch(page);
        await PortalFixture.SignInAsync(page);
        await page.GotoAsync("/o/deal");

        var option = page.Locator("#fs-sort-phone option", new PageLocatorOptions { HasTextString = "▲" }).First;
        var target = await option.GetAttributeAsync("value");
        await page.SelectOptionAsync("#fs-sort-phone", target!);

        await page.WaitForURLAsync(url => url.EndsWith(target!, StringComparison.Ordinal));
        Assert.Contains("dir=asc", page.Url);
        Assert.Empty(violations);
    }

    /// <summary>Content-Security-Policy reports and script errors the page logs from now on.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                problems.Add(message.Text);
        };
        page.PageError += (_, error) => problems.Add(error);
        return problems;
    }
}
