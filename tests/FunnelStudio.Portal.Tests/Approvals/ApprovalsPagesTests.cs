using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Rules;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>
/// The approvals pages over real HTTP against a fake approval service: the lists, the request page,
/// the decision forms (antiforgery, outcomes shown as messages), the record page's panel, the
/// navigation badge, the admin list and delegations.
/// </summary>
public sealed partial class ApprovalsPagesTests(FakeApprovalsPortal server) : IClassFixture<FakeApprovalsPortal>
{
    private sealed record Pending(Guid Id, string Title, HttpClient Approver, HttpClient Submitter, FakeApprovalService.Party ApproverParty);

    private async Task<Pending> PendingAsync(string? title = null, Guid? recordId = null, bool locks = false, IReadOnlyList<Violation>? refuseWith = null,
        string language = "en")
    {
        var (approverEmail, approver) = await server.NewUserAsync("approver", "manager");
        var (submitterEmail, submitter) = await server.NewUserAsync("submitter", "rep");
        title ??= Deals.Unique("deal");
        var id = server.Approvals.Add(submitter, approver, "deal", recordId ?? Guid.NewGuid(), title, locks: locks, refuseWith: refuseWith);
        return new Pending(id, title, await server.CookieClientAsync(approverEmail, language: language),
            await server.CookieClientAsync(submitterEmail, language: language), approver);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string page, Guid id, string handler, string? comment = null) =>
        client.PostFormAsync(page, $"/approvals/{id}?handler={handler}", [new("comment", comment ?? ""), new("returnUrl", "/approvals")]);

    [Fact]
    public async Task ToDecidePage_ListsTheRequest_WithReasonSubmitterAndForms_AndTheNavCountsIt()
    {
        var pending = await PendingAsync(title: "<script>alert(1)</script> deal");

        var page = await pending.Approver.GetStringAsync("/approvals");

        Assert.Contains($"data-id=\"{pending.Id}\" data-status=\"pending\"", page);
        Assert.Contains("Discounts over 20% need the manager&#x27;s approval", page);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; deal", page);
        Assert.DoesNotContain("<script>alert(1)</script>", page);
        Assert.Contains("Submitted by submitter-", page);
        Assert.Contains($"action=\"/approvals/{pending.Id}?handler=Approve\"", page);
        Assert.Contains($"formaction=\"/approvals/{pending.Id}?handler=Reject\"", page);
        Assert.Matches(NavCount(), page);
        Assert.Equal("1", NavCount().Match(page).Groups[1].Value);
    }

    [Fact]
    public async Task ToDecidePage_InChinese_ShowsChineseTextsAndLabels()
    {
        var pending = await PendingAsync(language: "zh-CN");

        var page = await pending.Approver.GetStringAsync("/approvals");

        Assert.Contains("我的审批", page);
        Assert.Contains("折扣审批", page);
        Assert.Contains("折扣超过 20% 需经理审批", page);
        Assert.Contains("驳回", page);
    }

    [Fact]
    public async Task ApproveForm_WithItsToken_Approves_AndGoesBackWithAConfirmation()
    {
        var pending = await PendingAsync();

        var posted = await PostAsync(pending.Approver, "/approvals", pending.Id, "Approve", "fine by me");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/approvals", posted.Headers.Location!.OriginalString);
        var list = await pending.Approver.GetStringAsync("/approvals");
        Assert.Contains("Approved.", list);
        Assert.DoesNotContain($"data-id=\"{pending.Id}\"", list);
        var detail = await pending.Submitter.GetStringAsync($"/approvals/{pending.Id}");
        Assert.Contains("data-status=\"approved\"", detail);
        Assert.Contains("fine by me", detail);
    }

    [Fact]
    public async Task DecisionForm_WithoutTheAntiforgeryToken_IsRefused_AndDecidesNothing()
    {
        var pending = await PendingAsync();

        var posted = await pending.Approver.PostAsync($"/approvals/{pending.Id}?handler=Approve",
            new FormUrlEncodedContent([new("comment", "no token")]));

        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("data-status=\"pending\"", await pending.Approver.GetStringAsync($"/approvals/{pending.Id}"));
    }

    [Fact]
    public async Task RejectForm_WithoutAComment_SaysItIsRequired_AndDecidesNothing()
    {
        var pending = await PendingAsync();

        var posted = await PostAsync(pending.Approver, "/approvals", pending.Id, "Reject", "  ");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-approval-problems\"", html);
        Assert.Contains("a comment is required", html);
        Assert.Contains("id=\"fs-approval-status\" data-status=\"pending\"", html);
    }

    [Fact]
    public async Task SecondDecision_ShowsAlreadyDecidedBySomeoneElse_OnTheRequestPage_NotAnErrorPage()
    {
        var pending = await PendingAsync();
        var page = await pending.Approver.GetStringAsync("/approvals");
        await PostAsync(pending.Approver, "/approvals", pending.Id, "Approve");

        var token = SignIns.AntiforgeryToken(page);
        var second = await pending.Approver.PostAsync($"/approvals/{pending.Id}?handler=Reject", new FormUrlEncodedContent(
            [new("comment", "late"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var html = await second.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-approval-already-decided\"", html);
        Assert.Contains("Someone else already decided this step", html);
        Assert.Contains("data-status=\"approved\"", html);
    }

    [Fact]
    public async Task DecisionForm_ByAUserWhoIsNotAnApprover_Is403()
    {
        var pending = await PendingAsync();

        var posted = await PostAsync(pending.Submitter, "/approvals", pending.Id, "Approve");

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Contains("data-status=\"pending\"", await pending.Approver.GetStringAsync($"/approvals/{pending.Id}"));
    }

    [Fact]
    public async Task ApproveForm_RefusedByTheFlowsActions_ShowsTheViolations()
    {
        var violation = new Violation(ViolationKind.Validation, "discount_cap", "discount", LocalizedText.Of("The discount may not exceed 50%."));
        var pending = await PendingAsync(refuseWith: [violation]);

        var posted = await PostAsync(pending.Approver, "/approvals", pending.Id, "Approve");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, posted.StatusCode);
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("The flow&#x27;s actions could not be applied", html);
        Assert.Contains("The discount may not exceed 50%.", html);
    }

    [Fact]
    public async Task SubmittedTab_ShowsTheStatusAndARecallButton_AndRecallEndsTheRequest()
    {
        var pending = await PendingAsync();

        var page = await pending.Submitter.GetStringAsync("/approvals?tab=submitted");
        var recalled = await PostAsync(pending.Submitter, "/approvals?tab=submitted", pending.Id, "Recall");

        Assert.Contains($"data-id=\"{pending.Id}\" data-status=\"pending\"", page);
        Assert.Contains($"action=\"/approvals/{pending.Id}?handler=Recall\"", page);
        Assert.Contains("Current step:", page);
        Assert.Equal(HttpStatusCode.Redirect, recalled.StatusCode);
        Assert.Contains($"data-id=\"{pending.Id}\" data-status=\"recalled\"", await pending.Submitter.GetStringAsync("/approvals?tab=submitted"));
    }

    [Fact]
    public async Task DetailPage_OfAnUnknownRequest_Is404()
    {
        var pending = await PendingAsync();

        var response = await pending.Approver.GetAsync($"/approvals/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RecordPage_ShowsTheRecordsRequest_WithTheLockNote_AndTheDecisionFormsForTheApprover()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("审批"), amount = 10000 });
        var recordId = Guid.Parse(deal.Id());
        var manager = await server.PartyAsync("manager@funnelstudio.local");
        var submitter = await server.PartyAsync("rep@funnelstudio.local");
        var id = server.Approvals.Add(submitter, manager, "deal", recordId, "审批 deal", locks: true);
        using var managerPages = await server.CookieClientAsync("manager@funnelstudio.local");
        using var repPages = await server.CookieClientAsync("rep@funnelstudio.local");

        var managers = await managerPages.GetStringAsync($"/o/deal/{recordId}");
        var reps = await repPages.GetStringAsync($"/o/deal/{recordId}");

        Assert.Contains("id=\"fs-record-approvals\"", managers);
        Assert.Contains($"data-id=\"{id}\" data-status=\"pending\"", managers);
        Assert.Contains("The record is locked while this request is pending.", managers);
        Assert.Contains($"action=\"/approvals/{id}?handler=Approve\"", managers);
        Assert.Contains($"name=\"returnUrl\" value=\"/o/deal/{recordId}\"", managers);
        Assert.Contains("id=\"fs-current-stage\"", managers);
        Assert.DoesNotContain($"action=\"/approvals/{id}?handler=Approve\"", reps);
        Assert.Contains($"action=\"/approvals/{id}?handler=Recall\"", reps);
    }

    [Fact]
    public async Task RecordPage_WithoutRequests_HasNoApprovalsPanel()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("no-approval") });
        using var repPages = await server.CookieClientAsync("rep@funnelstudio.local");

        var page = await repPages.GetStringAsync($"/o/deal/{deal.Id()}");

        Assert.DoesNotContain("id=\"fs-record-approvals\"", page);
        Assert.Contains("id=\"fs-approvals-link\"", page);
    }

    [Fact]
    public async Task AdminApprovalsPage_ListsStuckAndEscalatedRequests_ForAdminsOnly()
    {
        var (_, approver) = await server.NewUserAsync("slow", "manager");
        var (repEmail, submitter) = await server.NewUserAsync("waiting", "rep");
        var old = server.Approvals.Add(submitter, approver, "deal", Guid.NewGuid(), "old one", submittedAt: DateTime.UtcNow.AddDays(-3));
        var fresh = server.Approvals.Add(submitter, approver, "deal", Guid.NewGuid(), "fresh one");
        var escalated = server.Approvals.Add(submitter, approver, "deal", Guid.NewGuid(), "escalated one", escalated: true);
        using var admin = await server.CookieClientAsync(TestUsers.Admin);
        using var rep = await server.CookieClientAsync(repEmail);

        var page = await admin.GetStringAsync("/admin/approvals");
        var wider = await admin.GetStringAsync("/admin/approvals?days=0");
        var repPage = await rep.GetAsync("/admin/approvals");

        Assert.Contains($"data-id=\"{old}\" data-escalated=\"false\"", page);
        Assert.Contains($"data-id=\"{escalated}\" data-escalated=\"true\"", page);
        Assert.DoesNotContain($"data-id=\"{fresh}\"", page);
        Assert.Contains($"data-id=\"{fresh}\"", wider);
        Assert.Contains("href=\"/admin/approvals\"", page);
        Assert.Equal(HttpStatusCode.Redirect, repPage.StatusCode);
        Assert.Equal("/Account/AccessDenied", repPage.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task DelegationsPage_AddsAndRemovesADelegation_AndShowsARefusal()
    {
        var (email, me) = await server.NewUserAsync("away", "manager");
        var (_, colleague) = await server.NewUserAsync("colleague", "manager");
        using var client = await server.CookieClientAsync(email);

        var form = await client.GetStringAsync("/approvals/delegations");
        var added = await client.PostFormAsync("/approvals/delegations", "/approvals/delegations?handler=Add",
            [new("ToUser", colleague.Id), new("Starts", "2026-12-01"), new("Ends", "2026-12-05")]);
        var listed = await client.GetStringAsync("/approvals/delegations");
        var backwards = await client.PostFormAsync("/approvals/delegations", "/approvals/delegations?handler=Add",
            [new("ToUser", colleague.Id), new("Starts", "2026-12-09"), new("Ends", "2026-12-05")]);
        var id = DelegationId().Match(listed).Groups[1].Value;
        var removed = await client.PostFormAsync("/approvals/delegations", $"/approvals/delegations?id={id}&handler=Remove", []);

        Assert.Contains($"<option value=\"{colleague.Id}\"", form);
        Assert.DoesNotContain($"<option value=\"{me.Id}\"", form);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains("2026-12-01 to 2026-12-05", listed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, backwards.StatusCode);
        Assert.Contains("The delegation ends before it starts.", await backwards.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Contains("id=\"fs-delegations-empty\"", await client.GetStringAsync("/approvals/delegations"));
    }

    [GeneratedRegex("id=\"fs-approvals-count\">(\\d+)<")]
    private static partial Regex NavCount();

    [GeneratedRegex("class=\"list-group-item [^\"]*fs-delegation\" data-id=\"(\\d+)\"")]
    private static partial Regex DelegationId();
}
