using FunnelStudio.Approvals;
using FunnelStudio.Portal.Approvals;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Approvals;

/// <summary>
/// <c>/approvals/{id}</c>: one request — record, flow, reason, every step with who was asked and who
/// decided what, when and why — and the approve, reject and recall forms every approvals form posts
/// to. Done, the user goes back where the form was; decided first by someone else, the request shows
/// again with that said (not an error page); refused by the flow's actions, with the reasons.
/// </summary>
public sealed class DetailModel(IApprovalService approvals, ICurrentUser currentUser, IPackageRuntime runtime, UserTimeZone zone,
    IStringLocalizer<SharedResource> text) : ApprovalPageModel(approvals, currentUser, runtime, zone, text)
{
    [FromRoute] public Guid Id { get; set; }

    public ApprovalDetails Approval { get; private set; } = null!;

    /// <summary>Why the decision or recall just asked for did not happen (already decided, no comment, the flow's actions refused).</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>True when the problem is that someone else decided first (a notice, not an error).</summary>
    public bool AlreadyDecided { get; private set; }

    /// <summary>True when the flow's actions could not be applied (the problems are their violations).</summary>
    public bool Refused { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await Approvals.GetAsync(Id, Acting, cancellationToken) is not { } approval) return NotFound();
        Approval = approval;
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(string? comment, string? returnUrl, CancellationToken cancellationToken) =>
        DecideAsync(ApprovalDecision.Approve, comment, returnUrl, cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(string? comment, string? returnUrl, CancellationToken cancellationToken) =>
        DecideAsync(ApprovalDecision.Reject, comment, returnUrl, cancellationToken);

    public async Task<IActionResult> OnPostRecallAsync(string? comment, string? returnUrl, CancellationToken cancellationToken)
    {
        var outcome = await Approvals.RecallAsync(Id, Acting, Clean(comment), cancellationToken);
        return await AnswerAsync(outcome, "Approvals.Recalled", returnUrl, cancellationToken);
    }

    private async Task<IActionResult> DecideAsync(ApprovalDecision decision, string? comment, string? returnUrl, CancellationToken cancellationToken)
    {
        var cleaned = Clean(comment);
        if (decision == ApprovalDecision.Reject && cleaned is null)
            return await ShowAgainAsync([Text["Approvals.RejectNeedsComment"].Value], StatusCodes.Status422UnprocessableEntity, cancellationToken);
        var outcome = await Approvals.DecideAsync(Id, Acting, decision, cleaned, cancellationToken);
        return await AnswerAsync(outcome, decision == ApprovalDecision.Approve ? "Approvals.Approved" : "Approvals.Rejected",
            returnUrl, cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(ApprovalOutcome outcome, string doneKey, string? returnUrl,
        CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case ApprovalOutcomeStatus.Done:
                TempData["Flash"] = Text[doneKey].Value;
                return Redirect(ReturnTo(returnUrl, Id));
            case ApprovalOutcomeStatus.NotFound:
                return NotFound();
            case ApprovalOutcomeStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case ApprovalOutcomeStatus.AlreadyDecided:
                AlreadyDecided = true;
                return await ShowAgainAsync([Text["Approvals.AlreadyDecided"].Value], StatusCodes.Status409Conflict, cancellationToken);
            default:
                Refused = true;
                var problems = outcome.Violations.Select(v => v.MessageIn(Locale)).DefaultIfEmpty(Text["Approvals.RefusedUnknown"].Value).ToList();
                return await ShowAgainAsync(problems, StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }
    }

    private async Task<IActionResult> ShowAgainAsync(IReadOnlyList<string> problems, int status, CancellationToken cancellationToken)
    {
        var page = await OnGetAsync(cancellationToken);
        if (page is not PageResult) return page;
        Problems = problems;
        Response.StatusCode = status;
        return page;
    }

    private static string? Clean(string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment)) return null;
        comment = comment.Trim();
        return comment.Length > Api.ApprovalBody.MaxComment ? comment[..Api.ApprovalBody.MaxComment] : comment;
    }
}
