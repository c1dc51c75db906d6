using System.Globalization;
using FunnelStudio.Outbox;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Outbox;
using FunnelStudio.Portal.Ui;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Admin.Outbox;

/// <summary>
/// <c>/admin/outbox</c>: the side effects saves asked for (the newest first, filtered by status) with
/// their attempts and last error, and a Retry button on dead letters (antiforgery-protected, audited).
/// </summary>
public sealed class IndexModel(IOutboxStore store, OutboxRetries retries, ICurrentUser current, UserTimeZone zone) : PageModel
{
    public const int Shown = 200;

    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    /// <summary>The message a retry was just asked for (after the redirect), and whether it was taken.</summary>
    [BindProperty(SupportsGet = true)] public long? Retried { get; set; }
    [BindProperty(SupportsGet = true)] public long? NotRetried { get; set; }

    public IReadOnlyList<OutboxItem> Items { get; private set; } = [];

    public static IReadOnlyList<string> Statuses { get; } = Enum.GetValues<OutboxStatus>().Select(OutboxRetries.StatusName).ToList();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!OutboxRetries.TryParseStatus(Status, out var status)) Status = null;
        Items = await store.ListAsync(status, null, Shown, cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken cancellationToken)
    {
        var admin = (await current.GetAsync(cancellationToken))!;
        var outcome = await retries.RetryAsync(id, admin.Id, cancellationToken);
        if (outcome == OutboxRetryOutcome.NotFound) return NotFound();
        var query = new List<string>();
        if (OutboxRetries.TryParseStatus(Status, out var status) && status is not null) query.Add("status=" + Status);
        query.Add((outcome == OutboxRetryOutcome.Retried ? "retried=" : "notRetried=") + id.ToString(CultureInfo.InvariantCulture));
        return Redirect("/admin/outbox?" + string.Join("&", query));
    }

    public string When(DateTime? utc) => utc is { } at ? zone.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    public static string Link(string? status) => status is null ? "/admin/outbox" : "/admin/outbox?status=" + status;
}
