using System.Globalization;
using FunnelStudio.Approvals;
using FunnelStudio.Portal.Approvals;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Admin.Approvals;

/// <summary>
/// <c>/admin/approvals?days=2</c> (admins, like all of <c>/admin</c>): the pending requests that
/// escalated or have waited on their current step longer than the threshold (days, default 2), longest first.
/// </summary>
public sealed class IndexModel(IApprovalService approvals, ICurrentUser currentUser, IPackageRuntime runtime, UserTimeZone zone,
    IStringLocalizer<SharedResource> text) : ApprovalPageModel(approvals, currentUser, runtime, zone, text)
{
    public const double DefaultDays = 2;

    [BindProperty(SupportsGet = true)] public string? Days { get; set; }

    /// <summary>The threshold used: the query's days when it is a number from 0 to 365, else the default.</summary>
    public double Threshold { get; private set; } = DefaultDays;

    public IReadOnlyList<ApprovalDetails> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (double.TryParse(Days, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 365)
            Threshold = days;
        var since = DateTime.UtcNow.AddDays(-Threshold);
        Items = (await Approvals.ListStuckAsync(Acting, TimeSpan.FromDays(Threshold), cancellationToken))
            .Where(a => a.Status == ApprovalStatus.Pending && (a.Escalated || ApprovalLabels.WaitingSince(a) <= since))
            .OrderBy(ApprovalLabels.WaitingSince).ToList();
    }

    public string ThresholdText => Threshold.ToString("0.##", CultureInfo.InvariantCulture);
}
