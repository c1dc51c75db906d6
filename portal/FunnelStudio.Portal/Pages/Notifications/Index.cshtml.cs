using System.Globalization;
using FunnelStudio.Notifications;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Notifications;

/// <summary>
/// <c>/notifications</c>: the signed-in user's inbox, newest first and paged, unread ones marked;
/// mark one read, or all (antiforgery-protected forms). Another user's notification is not found.
/// </summary>
public sealed class IndexModel(INotificationStore store, ICurrentUser current, UserTimeZone zone) : PageModel
{
    public const int PageSize = 20;

    // "p", not "page": Razor Pages keeps "page" for the page's own route value.
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }

    public NotificationPage Notifications { get; private set; } = new([], 1, PageSize, 0, 0);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var user = (await current.GetAsync(cancellationToken))!;
        Notifications = await store.ListAsync(user.Id, Unread, Math.Max(1, PageNumber), PageSize, cancellationToken);
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken cancellationToken)
    {
        var user = (await current.GetAsync(cancellationToken))!;
        if (!await store.MarkReadAsync(user.Id, id, cancellationToken)) return NotFound();
        return Redirect(Link(PageNumber, Unread));
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken cancellationToken)
    {
        var user = (await current.GetAsync(cancellationToken))!;
        await store.MarkAllReadAsync(user.Id, cancellationToken);
        return Redirect(Link(1, Unread));
    }

    public string When(DateTime utc) => zone.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Only links inside the portal are followed from the inbox.</summary>
    public static bool IsLocal(string? link) => link is { Length: > 1 } && link[0] == '/' && link[1] != '/' && link[1] != '\\';

    public static string Link(int page, bool unread)
    {
        var query = new List<string>();
        if (unread) query.Add("unread=true");
        if (page > 1) query.Add("p=" + page.ToString(CultureInfo.InvariantCulture));
        return "/notifications" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }
}
