using FunnelStudio.Approvals;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Approvals;

/// <summary>
/// The record page's approvals panel (<c>&lt;vc:record-approvals …/&gt;</c>): the record's requests,
/// newest first, with their steps and decisions, a note while a pending one locks the record, and the
/// approve, reject and recall forms the user may use. Nothing when the record has none.
/// </summary>
public sealed class RecordApprovalsViewComponent(IApprovalService approvals) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(string obj, Guid recordId, ActingUser user)
    {
        var items = await approvals.ForRecordAsync(obj, recordId, user, HttpContext.RequestAborted);
        return items.Count == 0 ? Content("") : View(items);
    }
}
