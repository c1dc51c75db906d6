using FunnelStudio.Approvals;
using FunnelStudio.Portal.Approvals;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Approvals;

/// <summary>
/// <c>/approvals</c>: "To decide" (the pending requests the user can decide now, with the reason and
/// approve / reject forms) and, with <c>?tab=submitted</c>, "Submitted by me" (status, current step,
/// recall while pending).
/// </summary>
public sealed class IndexModel(IApprovalService approvals, ICurrentUser currentUser, IPackageRuntime runtime, UserTimeZone zone,
    IStringLocalizer<SharedResource> text) : ApprovalPageModel(approvals, currentUser, runtime, zone, text)
{
    public const string SubmittedTab = "submitted";

    [BindProperty(SupportsGet = true)] public string? Tab { get; set; }

    public bool ShowsSubmitted => Tab == SubmittedTab;

    public IReadOnlyList<ApprovalDetails> Items { get; private set; } = [];

    /// <summary>The count of the other tab's badge: how many are waiting for the user's decision.</summary>
    public int ToDecide { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Items = await Approvals.ListAsync(Acting, ShowsSubmitted ? ApprovalListKind.SubmittedByMe : ApprovalListKind.ToDecide, cancellationToken);
        ToDecide = ShowsSubmitted ? await Approvals.CountToDecideAsync(Acting, cancellationToken) : Items.Count;
    }

    public string ReturnUrl => ShowsSubmitted ? "/approvals?tab=" + SubmittedTab : "/approvals";
}
