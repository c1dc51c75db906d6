using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Approvals;

public sealed class SqliteDiscountApprovalTests(SqlitePortal server) : DiscountApprovalTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresDiscountApprovalTests(PostgresPortal server) : DiscountApprovalTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// b2b-saas's discount approval with the real approval service, over HTTP on both providers: a rep's
/// 30% discount asks the rep's manager; the API and pages show it to the right people, refuse the
/// wrong ones with codes, lock the deal while pending, and let the decision happen once.
/// </summary>
public abstract class DiscountApprovalTests(PortalServer server)
{
    private const string Url = "/api/v1/approvals";
    private const string Rep = "rep@funnelstudio.local";
    private const string Manager = "manager@funnelstudio.local";

    /// <summary>A rep's new deal with a 30% discount, and the approval request its save started.</summary>
    private async Task<(string DealId, string ApprovalId, string Name)> DiscountedDealAsync(HttpClient rep)
    {
        var name = Deals.Unique("折扣");
        var (deal, _) = await Deals.CreateAsync(rep, new { name, amount = 200000, discount = 30 });
        var submitted = await (await rep.GetAsync($"{Url}?status=submitted")).AssertOkAsync();
        var approval = submitted.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("recordId").GetString() == deal.Id());
        Assert.Equal("pending", approval.GetProperty("status").GetString());
        return (deal.Id(), approval.GetProperty("id").GetString()!, name);
    }

    [Fact]
    public async Task Discount_IsToDecideForTheManager_LocksTheDeal_AndIsDecidedOnce()
    {
        using var rep = await server.SignInAsync(Rep);
        using var manager = await server.SignInAsync(Manager);
        var (dealId, id, _) = await DiscountedDealAsync(rep);

        var pending = await (await manager.GetAsync($"{Url}?status=pending")).AssertOkAsync();
        var item = pending.GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.True(item.GetProperty("canDecide").GetBoolean());
        Assert.True(item.GetProperty("locksRecord").GetBoolean());
        Assert.Equal("discount_approval", item.GetProperty("flow").GetString());
        Assert.Contains("20%", item.GetProperty("reason").GetString());
        await (await rep.PatchJsonAsync($"{Deals.Url}/{dealId}", new { values = new { discount = 25 } }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "RECORD_LOCKED");

        var approved = await (await manager.PostJsonAsync($"{Url}/{id}/approve", new { comment = "同意" })).AssertOkAsync();
        var again = await manager.PostJsonAsync($"{Url}/{id}/approve", new { });

        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal("同意", approved.GetProperty("steps")[0].GetProperty("tasks").EnumerateArray()
            .Single(t => t.GetProperty("decision").ValueKind == JsonValueKind.String).GetProperty("comment").GetString());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "ALREADY_DECIDED");
        await (await rep.PatchJsonAsync($"{Deals.Url}/{dealId}", new { values = new { discount = 28 } })).AssertOkAsync();
    }

    [Fact]
    public async Task Approve_ByAUserWhoMayReadTheDealButIsNoApprover_Is403_AndByOneWhoMayNot_Is404()
    {
        using var rep = await server.SignInAsync(Rep);
        using var finance = await server.SignInAsync("finance@funnelstudio.local");
        using var otherRep = await server.SignInAsync("rep2@funnelstudio.local");
        var (_, id, _) = await DiscountedDealAsync(rep);

        await (await finance.PostJsonAsync($"{Url}/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "APPROVAL_FORBIDDEN");
        await (await rep.PostJsonAsync($"{Url}/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "APPROVAL_FORBIDDEN");
        await (await otherRep.GetAsync($"{Url}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await otherRep.PostJsonAsync($"{Url}/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var read = await (await rep.GetAsync($"{Url}/{id}")).AssertOkAsync();
        Assert.Equal("pending", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_NeedsAComment_AndRecall_IsTheSubmitters()
    {
        using var rep = await server.SignInAsync(Rep);
        using var manager = await server.SignInAsync(Manager);
        var (_, rejectedId, _) = await DiscountedDealAsync(rep);
        var (_, recalledId, _) = await DiscountedDealAsync(rep);

        await (await manager.PostJsonAsync($"{Url}/{rejectedId}/reject", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "COMMENT_REQUIRED");
        var rejected = await (await manager.PostJsonAsync($"{Url}/{rejectedId}/reject", new { comment = "too deep" })).AssertOkAsync();
        await (await manager.PostJsonAsync($"{Url}/{recalledId}/recall", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "APPROVAL_FORBIDDEN");
        var recalled = await (await rep.PostJsonAsync($"{Url}/{recalledId}/recall", new { comment = "wrong deal" })).AssertOkAsync();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("recalled", recalled.GetProperty("status").GetString());
        await (await manager.PostJsonAsync($"{Url}/{recalledId}/approve", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "ALREADY_DECIDED");
    }

    [Fact]
    public async Task Pages_ShowTheRequestToTheManager_WithTheNavCount_AndTheRecordPanel_AndApproveFromMyApprovals()
    {
        using var rep = await server.SignInAsync(Rep);
        var (dealId, id, name) = await DiscountedDealAsync(rep);
        using var manager = await server.CookieClientAsync(Manager);
        using var repPages = await server.CookieClientAsync(Rep);

        var list = await manager.GetStringAsync("/approvals");
        var record = await repPages.GetStringAsync($"/o/deal/{dealId}");

        Assert.Contains($"data-id=\"{id}\" data-status=\"pending\"", list);
        Assert.Contains(name, list);
        Assert.Contains("id=\"fs-approvals-count\"", list);
        Assert.Contains("id=\"fs-record-approvals\"", record);
        Assert.Contains("The record is locked while this request is pending.", record);
        Assert.Contains($"action=\"/approvals/{id}?handler=Recall\"", record);

        var posted = await manager.PostFormAsync("/approvals", $"/approvals/{id}?handler=Approve", [new("comment", ""), new("returnUrl", "/approvals")]);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains($"data-id=\"{id}\" data-status=\"approved\"", await repPages.GetStringAsync($"/o/deal/{dealId}"));
    }

    [Fact]
    public async Task EditForm_OfALockedDeal_SaysItIsLocked_AndSavesNothing()
    {
        using var rep = await server.SignInAsync(Rep);
        var (dealId, _, name) = await DiscountedDealAsync(rep);
        using var repPages = await server.CookieClientAsync(Rep);

        var posted = await repPages.PostFormAsync($"/o/deal/{dealId}/edit", $"/o/deal/{dealId}/edit",
            [new("f.name", name + " renamed"), new("f.discount", "25")]);

        Assert.Equal(HttpStatusCode.Conflict, posted.StatusCode);
        Assert.Contains("id=\"fs-locked\"", await posted.Content.ReadAsStringAsync());
        var read = await (await rep.GetAsync($"{Deals.Url}/{dealId}")).AssertOkAsync();
        Assert.Equal(name, read.GetProperty("values").GetProperty("name").GetString());
    }
}
