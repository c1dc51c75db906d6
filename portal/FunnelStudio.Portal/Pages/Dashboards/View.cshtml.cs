using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FunnelStudio.Portal.Pages.Dashboards;

/// <summary>
/// <c>/dashboards/{id}</c>: a grid of report cards, each run over what the user may read. Its owner
/// reorders cards (drag and drop in <c>wwwroot/js/dashboards.js</c> posting <c>Reorder</c>; Up/Down
/// buttons without script), sets a card's width, removes cards and deletes the dashboard. A package's
/// dashboard is read-only; "Copy to my dashboards" makes an editable one.
/// </summary>
public sealed class ViewModel(DashboardBoard board, ISavedReportStore store, ICurrentUser currentUser, UserTimeZone zone, TimeProvider clock) : PageModel
{
    public DashboardEntry Dashboard { get; private set; } = null!;
    public IReadOnlyList<DashboardCard> Cards { get; private set; } = [];
    public bool CanChange => Dashboard.Saved is not null;

    private static string Locale => CultureInfo.CurrentUICulture.Name;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await board.FindAsync(id, user, Locale, cancellationToken) is not { } dashboard) return NotFound();
        Dashboard = dashboard;
        Cards = await board.CardsAsync(dashboard, user, zone.Zone, Locale, cancellationToken);
        return Page();
    }

    /// <summary>The drag-and-drop order: <c>order</c> lists the cards' current indexes in their new order (a permutation, else 400).</summary>
    public Task<IActionResult> OnPostReorderAsync(string id, [FromForm] string? order, CancellationToken cancellationToken) =>
        ChangeAsync(id, items =>
        {
            var indexes = (order ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
            if (indexes.Count != items.Count || indexes.Order().Where((n, i) => n != i).Any()) return null;
            return indexes.Select(i => items[i]).ToList();
        }, cancellationToken);

    /// <summary>Up/Down without script: moves one card a place.</summary>
    public Task<IActionResult> OnPostMoveAsync(string id, [FromForm] int index, [FromForm] string? direction, CancellationToken cancellationToken) =>
        ChangeAsync(id, items =>
        {
            var target = direction == "up" ? index - 1 : index + 1;
            if (index < 0 || index >= items.Count || target < 0 || target >= items.Count) return items;
            (items[index], items[target]) = (items[target], items[index]);
            return items;
        }, cancellationToken);

    /// <summary>Toggles a card between half and full width.</summary>
    public Task<IActionResult> OnPostWidthAsync(string id, [FromForm] int index, CancellationToken cancellationToken) =>
        ChangeAsync(id, items =>
        {
            if (index < 0 || index >= items.Count) return null;
            items[index] = items[index] with { Width = items[index].Width >= 2 ? 1 : 3 };
            return items;
        }, cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string id, [FromForm] int index, CancellationToken cancellationToken) =>
        ChangeAsync(id, items =>
        {
            if (index < 0 || index >= items.Count) return null;
            items.RemoveAt(index);
            return items;
        }, cancellationToken);

    public async Task<IActionResult> OnPostDeleteAsync(string id, CancellationToken cancellationToken)
    {
        var (saved, refused) = await OwnAsync(id, cancellationToken);
        if (refused is not null) return refused;
        await store.DeleteDashboardAsync(saved!.Id, cancellationToken);
        return Redirect("/dashboards");
    }

    /// <summary>"Copy to my dashboards": the user's own dashboard with the same cards (package reports stay package reports).</summary>
    public async Task<IActionResult> OnPostCopyAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (await board.FindAsync(id, user, Locale, cancellationToken) is not { } dashboard) return NotFound();
        var items = dashboard.PackageName is { } name
            ? dashboard.Items.Select(i => i with { Report = $"{DashboardBoard.PackagePrefix}{name}.{i.Report}" }).ToList()
            : dashboard.Items.ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var copy = new SavedDashboard(Guid.NewGuid(), user.Id, dashboard.Title, items) { CreatedAt = now, UpdatedAt = now };
        await store.SaveDashboardAsync(copy, cancellationToken);
        return Redirect($"/dashboards/{copy.Id}");
    }

    /// <summary>Applies a change to the owner's dashboard; a change that answers null is refused as bad input (400).</summary>
    private async Task<IActionResult> ChangeAsync(string id, Func<List<DashboardItem>, List<DashboardItem>?> change, CancellationToken cancellationToken)
    {
        var (saved, refused) = await OwnAsync(id, cancellationToken);
        if (refused is not null) return refused;
        if (change(saved!.Items.ToList()) is not { } items) return BadRequest();
        await store.SaveDashboardAsync(saved with { Items = items, UpdatedAt = clock.GetUtcNow().UtcDateTime }, cancellationToken);
        // The script asks for JSON and stays on the page; a plain form comes back to the dashboard.
        return Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
            ? new JsonResult(new { items = items.Count })
            : Redirect($"/dashboards/{saved.Id}");
    }

    /// <summary>The user's own saved dashboard: 404 when it does not exist, 403 when it is someone else's or the package's.</summary>
    private async Task<(SavedDashboard? Saved, IActionResult? Refused)> OwnAsync(string id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (!Guid.TryParse(id, out var guid))
            return (null, id.StartsWith(DashboardBoard.PackagePrefix, StringComparison.Ordinal) ? StatusCode(403) : NotFound());
        if (await store.FindDashboardAsync(guid, cancellationToken) is not { } saved) return (null, NotFound());
        return saved.OwnerId == user.Id ? (saved, null) : (null, StatusCode(403));
    }
}
