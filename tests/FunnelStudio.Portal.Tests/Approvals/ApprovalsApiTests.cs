using System.Net;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Rules;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>
/// <c>/api/v1/approvals</c> over real HTTP against a fake approval service: every outcome of a
/// decision maps to its status and stable code, and bad bodies are 400/415, never 500.
/// </summary>
public sealed class ApprovalsApiTests(FakeApprovalsPortal server) : IClassFixture<FakeApprovalsPortal>
{
    private const string Url = "/api/v1/approvals";

    private async Task<(Guid Id, HttpClient Approver, HttpClient Submitter)> PendingAsync(IReadOnlyList<Violation>? refuseWith = null,
        bool hiddenFromOthers = false)
    {
        var (approverEmail, approver) = await server.NewUserAsync("approver", "manager");
        var (submitterEmail, submitter) = await server.NewUserAsync("submitter", "rep");
        var id = server.Approvals.Add(submitter, approver, "deal", Guid.NewGuid(), Deals.Unique("deal"), refuseWith: refuseWith,
            hiddenFromOthers: hiddenFromOthers);
        return (id, await server.SignInAsync(approverEmail), await server.SignInAsync(submitterEmail));
    }

    [Fact]
    public async Task ListPending_ShowsTheCallersRequestsToDecide_AndSubmittedShowsTheirOwn()
    {
        var (id, approver, submitter) = await PendingAsync();

        var pending = await (await approver.GetAsync($"{Url}?status=pending")).AssertOkAsync();
        var submitted = await (await submitter.GetAsync($"{Url}?status=submitted")).AssertOkAsync();
        var submittersPending = await (await submitter.GetAsync(Url)).AssertOkAsync();

        var item = Assert.Single(pending.GetProperty("items").EnumerateArray());
        Assert.Equal(id.ToString(), item.GetProperty("id").GetString());
        Assert.Equal("pending", item.GetProperty("status").GetString());
        Assert.Equal("Discount approval", item.GetProperty("flowLabel").GetString());
        Assert.Equal("Discounts over 20% need the manager's approval", item.GetProperty("reason").GetString());
        Assert.True(item.GetProperty("canDecide").GetBoolean());
        Assert.Equal("pending", item.GetProperty("steps")[0].GetProperty("status").GetString());
        Assert.Equal("any", item.GetProperty("steps")[0].GetProperty("mode").GetString());
        Assert.True(Assert.Single(submitted.GetProperty("items").EnumerateArray()).GetProperty("canRecall").GetBoolean());
        Assert.Empty(submittersPending.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ListStuck_IsForAdmins_AndAnUnknownStatus_Is400()
    {
        var (_, approver, _) = await PendingAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);

        await (await approver.GetAsync($"{Url}?status=stuck")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await approver.GetAsync($"{Url}?status=lost")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        var stuck = await (await admin.GetAsync($"{Url}?status=stuck")).AssertOkAsync();
        Assert.NotEmpty(stuck.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Get_InChinese_LabelsInChinese_AndAnUnknownOrInvisibleRequest_Is404()
    {
        var (id, _, _) = await PendingAsync(hiddenFromOthers: true);
        var (otherEmail, _) = await server.NewUserAsync("other", "rep");
        using var other = await server.SignInAsync(otherEmail);
        using var admin = await server.SignInAsync(TestUsers.Admin, "zh-CN");

        var approval = await (await admin.GetAsync($"{Url}/{id}")).AssertOkAsync();

        Assert.Equal("折扣审批", approval.GetProperty("flowLabel").GetString());
        Assert.Equal("经理审批", approval.GetProperty("steps")[0].GetProperty("label").GetString());
        await (await other.GetAsync($"{Url}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.GetAsync($"{Url}/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await other.PostJsonAsync($"{Url}/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Approve_ByTheApprover_Is200WithTheDecision_AndASecondDecision_Is409AlreadyDecided()
    {
        var (id, approver, _) = await PendingAsync();

        var approved = await (await approver.PostJsonAsync($"{Url}/{id}/approve", new { comment = "ok <b>go</b>" })).AssertOkAsync();
        var again = await approver.PostJsonAsync($"{Url}/{id}/reject", new { comment = "changed my mind" });

        Assert.Equal("approved", approved.GetProperty("status").GetString());
        var task = approved.GetProperty("steps")[0].GetProperty("tasks")[0];
        Assert.Equal("approve", task.GetProperty("decision").GetString());
        Assert.Equal("ok <b>go</b>", task.GetProperty("comment").GetString());
        Assert.False(approved.GetProperty("canDecide").GetBoolean());
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "ALREADY_DECIDED");
        var read = await (await approver.GetAsync($"{Url}/{id}")).AssertOkAsync();
        Assert.Equal("approved", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_ByAUserWhoIsNotAnApprover_Is403ApprovalForbidden_AndDecidesNothing()
    {
        var (id, approver, submitter) = await PendingAsync();

        await (await submitter.PostJsonAsync($"{Url}/{id}/approve", new { comment = "self-approved" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "APPROVAL_FORBIDDEN");

        var read = await (await approver.GetAsync($"{Url}/{id}")).AssertOkAsync();
        Assert.Equal("pending", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Reject_WithoutAComment_Is422CommentRequired_AndWithOne_Is200()
    {
        var (id, approver, _) = await PendingAsync();

        await (await approver.PostJsonAsync($"{Url}/{id}/reject", new { comment = "   " })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "COMMENT_REQUIRED");
        await (await approver.PostJsonAsync($"{Url}/{id}/reject", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "COMMENT_REQUIRED");
        var rejected = await (await approver.PostJsonAsync($"{Url}/{id}/reject", new { comment = "too deep" })).AssertOkAsync();

        Assert.Equal("rejected", rejected.GetProperty("status").GetString());
        Assert.Equal("too deep", rejected.GetProperty("steps")[0].GetProperty("tasks")[0].GetProperty("comment").GetString());
    }

    [Fact]
    public async Task Approve_WhenTheFlowsActionsAreRefused_Is422WithTheViolations()
    {
        var violation = new Violation(ViolationKind.Validation, "discount_cap", "discount", LocalizedText.Of("The discount may not exceed 50%."));
        var (id, approver, _) = await PendingAsync(refuseWith: [violation]);

        var problem = await (await approver.PostJsonAsync($"{Url}/{id}/approve", new { }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");

        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal("discount", error.GetProperty("field").GetString());
        Assert.Equal("RULE_FAILED", error.GetProperty("code").GetString());
        Assert.Equal("The discount may not exceed 50%.", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{ \"comment\": ")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"comment\": 42 }")]
    [InlineData("{ \"note\": \"hi\" }")]
    public async Task Decide_WithAMalformedBody_Is400BadRequest_AndDecidesNothing(string body)
    {
        var (id, approver, _) = await PendingAsync();

        var response = await approver.SendJsonAsync(HttpMethod.Post, $"{Url}/{id}/approve", body);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        Assert.Equal("pending", (await (await approver.GetAsync($"{Url}/{id}")).AssertOkAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Decide_WithoutAJsonBody_Is415_AndAnonymously_Is401()
    {
        var (id, approver, _) = await PendingAsync();

        await (await approver.PostAsync($"{Url}/{id}/approve", new FormUrlEncodedContent([new("comment", "x")])))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        var anonymous = await server.Anonymous().PostJsonAsync($"{Url}/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task Recall_ByTheSubmitter_Is200_ByTheApprover_Is403_AndAfterwards_Is409()
    {
        var (id, approver, submitter) = await PendingAsync();

        await (await approver.PostJsonAsync($"{Url}/{id}/recall", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "APPROVAL_FORBIDDEN");
        var recalled = await (await submitter.PostJsonAsync($"{Url}/{id}/recall", new { comment = "wrong deal" })).AssertOkAsync();
        await (await approver.PostJsonAsync($"{Url}/{id}/approve", new { })).AssertProblemAsync(HttpStatusCode.Conflict, "ALREADY_DECIDED");

        Assert.Equal("recalled", recalled.GetProperty("status").GetString());
        Assert.Equal("cancelled", recalled.GetProperty("steps")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Delegations_AreAdded_Listed_AndRemoved_WithCodesForBadInput()
    {
        var (fromEmail, from) = await server.NewUserAsync("from", "manager");
        var (_, to) = await server.NewUserAsync("to", "manager");
        using var client = await server.SignInAsync(fromEmail);
        var url = $"{Url}/delegations";

        var added = await (await client.PostJsonAsync(url, new { toUser = to.Id, starts = "2026-12-01", ends = "2026-12-08" }))
            .AssertOkAsync(HttpStatusCode.Created);
        var listed = await (await client.GetAsync(url)).AssertOkAsync();
        await (await client.PostJsonAsync(url, new { toUser = from.Id, starts = "2026-12-01", ends = "2026-12-08" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "DELEGATION_INVALID");
        await (await client.PostJsonAsync(url, new { toUser = to.Id, starts = "1 Dec", ends = "2026-12-08" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await client.SendJsonAsync(HttpMethod.Post, url, "{ \"toUser\": ")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        var id = added.GetProperty("id").GetInt64();
        var removed = await client.DeleteAsync($"{url}/{id}");
        var removedAgain = await client.DeleteAsync($"{url}/{id}");

        Assert.Equal(to.Id, added.GetProperty("toUser").GetString());
        Assert.Equal("2026-12-08", added.GetProperty("ends").GetString());
        Assert.Contains(listed.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetInt64() == id);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await removedAgain.AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task OpenApi_DescribesTheApprovalsEndpoints()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var document = JsonDocument.Parse(await (await admin.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync()).RootElement;

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/approvals/{id}/approve", out _));
        Assert.True(paths.TryGetProperty("/api/v1/approvals/delegations", out _));
    }
}
