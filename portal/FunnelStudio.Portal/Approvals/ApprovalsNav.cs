using FunnelStudio.Approvals;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Approvals;

/// <summary>
/// The navigation's Approvals link: shown to signed-in users when approvals are registered, with how
/// many requests they can decide now (one count query per page).
/// </summary>
public static class ApprovalsNav
{
    /// <summary>Null: no approval service is registered (the link is not shown); otherwise the user's count to decide.</summary>
    public static async Task<int?> CountAsync(HttpContext context, ActingUser? user)
    {
        if (user is null || context.RequestServices.GetService<IApprovalService>() is not { } approvals) return null;
        return await approvals.CountToDecideAsync(user, context.RequestAborted);
    }
}
