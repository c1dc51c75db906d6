using FunnelStudio.Approvals;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Approvals;

/// <summary>The navigation's Approvals link, for signed-in users, with how many requests they can decide now (one count query per page).</summary>
public static class ApprovalsNav
{
    /// <summary>Null when nobody is signed in (no link); otherwise the user's count to decide.</summary>
    public static async Task<int?> CountAsync(HttpContext context, ActingUser? user) => user is null ? null
        : await context.RequestServices.GetRequiredService<IApprovalService>().CountToDecideAsync(user, context.RequestAborted);
}
