using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Pages;

/// <summary>The record page's delete: shown to whoever may delete the record, confirmed in the browser, refusals listed on the page.</summary>
public abstract partial class RecordDeletePageTests(PortalServer server)
{
    private const string Accounts = "/api/v1/objects/account/records";

    private async Task<(string AccountId, string DealId)> AccountWithADealAsync()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var account = await (await rep.PostJsonAsync(Accounts, new { values = new { name = Deals.Unique("页面"), website = "https://example.cn" } }))
            .AssertOkAsync(HttpStatusCode.Created);
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("页面"), account = account.Id() });
        return (account.Id(), deal.Id());
    }

    private static async Task<HttpResponseMessage> PostDeleteAsync(HttpClient client, string page)
    {
        var html = await client.GetStringAsync(page);
        var form = DeleteForm().Match(html);
        Assert.True(form.Success, "the page has a delete form");
        return await client.PostAsync(form.Groups["action"].Value.Replace("&amp;", "&"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalServer.AntiforgeryToken(form.Value),
            ["version"] = VersionField().Match(form.Value).Groups[1].Value,
        }));
    }

    [Fact]
    public async Task RecordPage_ShowsTheDeleteButtonWithAConfirm_OnlyToUsersWhoMayDelete()
    {
        var (account, _) = await AccountWithADealAsync();
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");
        using var rep = await server.SignInToPagesAsync("rep@funnelstudio.local");

        var managers = await manager.GetStringAsync($"/o/account/{account}");
        var reps = await rep.GetStringAsync($"/o/account/{account}");

        var form = DeleteForm().Match(managers);
        Assert.True(form.Success);
        Assert.Contains("data-confirm=\"Delete Account", form.Value);
        Assert.Contains("/js/confirm.js", managers);
        Assert.DoesNotContain("onclick", form.Value);
        Assert.DoesNotContain("id=\"fs-delete\"", reps);
    }

    [Fact]
    public async Task Delete_OfAnAccountADealPointsTo_ShowsThePageAgainSayingWhatBlocksIt()
    {
        var (account, _) = await AccountWithADealAsync();
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");

        var response = await PostDeleteAsync(manager, $"/o/account/{account}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-delete-problems\"", html);
        Assert.Contains("1 Deal still points to this record (Account).", html);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/o/account/{account}")).StatusCode);
    }

    [Fact]
    public async Task Delete_OfADeal_GoesToTheListSayingItIsDeleted()
    {
        var (_, deal) = await AccountWithADealAsync();
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");

        var response = await PostDeleteAsync(manager, $"/o/deal/{deal}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/o/deal", response.Headers.Location?.OriginalString);
        Assert.Contains("deleted.", await manager.GetStringAsync("/o/deal"));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/o/deal/{deal}")).StatusCode);
    }

    [GeneratedRegex("<form method=\"post\" action=\"(?<action>[^\"]+)\"[^>]*id=\"fs-delete-form\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex DeleteForm();

    [GeneratedRegex("name=\"version\" value=\"([0-9]+)\"")]
    private static partial Regex VersionField();
}

public sealed class RecordDeletePageOnSqlite(SqlitePortal server) : RecordDeletePageTests(server), IClassFixture<SqlitePortal>;

public sealed class RecordDeletePageOnPostgres(PostgresPortal server) : RecordDeletePageTests(server), IClassFixture<PostgresPortal>;
