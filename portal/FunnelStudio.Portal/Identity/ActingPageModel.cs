using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Identity;

/// <summary>
/// A page whose handlers act as the signed-in user: <see cref="Acting"/> is resolved before any handler
/// runs, and a request without one is challenged (sent to sign in) instead of reaching the handler.
/// Pages that need more set up before their handler override <see cref="OnActingAsync"/>.
/// </summary>
public abstract class ActingPageModel(ICurrentUser currentUser) : PageModel
{
    public ActingUser Acting { get; private set; } = null!;

    public sealed override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var acting = await currentUser.GetAsync(HttpContext.RequestAborted);
        if (acting is null)
        {
            context.Result = Challenge();
            return;
        }
        Acting = acting;
        await OnActingAsync(context, next);
    }

    /// <summary>Runs once <see cref="Acting"/> is known; by default, the handler.</summary>
    protected virtual Task OnActingAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next) => next();
}
