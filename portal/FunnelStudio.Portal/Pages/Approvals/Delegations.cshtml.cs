using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Approvals;
using FunnelStudio.Portal.Approvals;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Approvals;

/// <summary>
/// <c>/approvals/delegations</c>: the delegations from or to the user (admins: everyone's), a form to
/// let another user decide the user's approvals for a date range, and a Remove button on each.
/// </summary>
public sealed class DelegationsModel(IApprovalService approvals, ICurrentUser currentUser, IPackageRuntime runtime, UserTimeZone zone,
    IStringLocalizer<SharedResource> text, IUserDirectory users) : ApprovalPageModel(approvals, currentUser, runtime, zone, text)
{
    public IReadOnlyList<ApprovalDelegation> Items { get; private set; } = [];

    /// <summary>Who the user may hand their approvals to: every other active user.</summary>
    public IReadOnlyList<UserOption> Users { get; private set; } = [];

    /// <summary>Why the delegation just asked for was refused; null otherwise.</summary>
    public string? Error { get; private set; }

    [BindProperty] public string? ToUser { get; set; }
    [BindProperty] public string? Starts { get; set; }
    [BindProperty] public string? Ends { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Items = await Approvals.DelegationsAsync(Acting, cancellationToken);
        Users = (await users.ActiveAsync(cancellationToken)).Where(u => u.Id != Acting.Id).ToList();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Starts ??= Format(today);
        Ends ??= Format(today.AddDays(7));
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(ToUser)) return await RefuseAsync(Text["Delegations.PickUser"].Value, cancellationToken);
        if (!TryDate(Starts, out var starts) || !TryDate(Ends, out var ends))
            return await RefuseAsync(Text["Delegations.BadDates"].Value, cancellationToken);
        var (delegation, error) = await Approvals.DelegateAsync(Acting, ToUser.Trim(), starts, ends, cancellationToken);
        if (delegation is null) return await RefuseAsync(error ?? Text["Delegations.Refused"].Value, cancellationToken);
        TempData["Flash"] = Text["Delegations.Added", delegation.ToUserName.Length > 0 ? delegation.ToUserName : delegation.ToUser].Value;
        return Redirect("/approvals/delegations");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken cancellationToken)
    {
        if (!await Approvals.RemoveDelegationAsync(Acting, id, cancellationToken)) return NotFound();
        TempData["Flash"] = Text["Delegations.Removed"].Value;
        return Redirect("/approvals/delegations");
    }

    private async Task<IActionResult> RefuseAsync(string error, CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        Error = error;
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    /// <summary>True when the user may remove the delegation: their own, or any for admins.</summary>
    public bool CanRemove(ApprovalDelegation delegation) => delegation.FromUser == Acting.Id || IsAdmin;

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
