using System.Globalization;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Reports;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Reports;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace FunnelStudio.Portal.Pages.Reports;

/// <summary>
/// The report builder: <c>/reports/new?object=…</c> and <c>/reports/{id}/edit</c> (its owner or an
/// admin). Rows are added and removed by plain round trips (no script needed); Preview runs the form
/// as it stands, Save validates it with the same <see cref="IReportService.Validate"/> as the API and
/// saves nothing while any problem remains — each shown beside its input.
/// </summary>
public sealed class BuilderModel(ReportCatalog catalog, ReportBuilderChoices choices, ReportPageData data, IReportService reports,
    ISavedReportStore store, ICurrentUser currentUser, UserTimeZone zone, TimeProvider clock, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public ReportForm Form { get; set; } = new();
    /// <summary>Which submit button was pressed: preview, save, add-filter, remove-filter-N, refresh.</summary>
    [BindProperty] public string? Action { get; set; }

    public string? EditingId { get; private set; }
    public IReadOnlyList<(string Name, string Label)> Objects { get; private set; } = [];
    public IReadOnlyList<BuilderColumn> Columns { get; private set; } = [];
    public IReadOnlyList<(string Name, string Label)> Roles { get; private set; } = [];
    public IReadOnlyList<ReportProblem> Problems { get; private set; } = [];
    public ReportTable? Preview { get; private set; }
    public bool TimedOut { get; private set; }

    private static string Locale => CultureInfo.CurrentUICulture.Name;

    public async Task<IActionResult> OnGetAsync(string? id, [FromQuery(Name = "object")] string? objectName, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        if (id is not null)
        {
            var (entry, refused) = await EditableAsync(id, user, cancellationToken);
            if (refused is not null) return refused;
            Form = ReportForm.From(entry!.Definition);
            EditingId = id;
        }
        else
        {
            var objects = choices.Objects(user, Locale);
            objectName ??= objects.FirstOrDefault().Name;
            if (objectName is null || !reports.CanBuild(user, objectName)) return Forbid();
            Form = new ReportForm { Object = objectName }.Padded();
        }
        Load(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? id, CancellationToken cancellationToken)
    {
        var user = (await currentUser.GetAsync(cancellationToken))!;
        ReportEntry? editing = null;
        if (id is not null)
        {
            (editing, var refused) = await EditableAsync(id, user, cancellationToken);
            if (refused is not null) return refused;
        }
        if (!reports.CanBuild(user, Form.Object)) return Forbid();
        EditingId = id;
        Form.Padded();
        ModelState.Clear();
        switch (Action)
        {
            case "add-filter":
                Form.Filters.Add(new ReportForm.FilterRow());
                break;
            case { } remove when remove.StartsWith("remove-filter-", StringComparison.Ordinal)
                                 && int.TryParse(remove["remove-filter-".Length..], CultureInfo.InvariantCulture, out var index)
                                 && index >= 0 && index < Form.Filters.Count:
                Form.Filters.RemoveAt(index);
                break;
            case "preview":
                await PreviewAsync(user, cancellationToken);
                break;
            case "save":
                var report = Form.ToDefinition();
                Problems = reports.Validate(report, user);
                if (Problems.Count > 0) break;
                var now = clock.GetUtcNow().UtcDateTime;
                var saved = new SavedReport(editing?.SavedId ?? Guid.NewGuid(), editing?.OwnerId ?? user.Id, report)
                {
                    CreatedAt = now, UpdatedAt = now,
                };
                await store.SaveAsync(saved, cancellationToken);
                return Redirect($"/reports/{saved.Id}");
        }
        Load(user);
        return Page();
    }

    /// <summary>The problems whose path is <paramref name="path"/> or lies under it, for the input there.</summary>
    public IEnumerable<ReportProblem> ProblemsAt(string path) =>
        Problems.Where(p => p.Path == path || p.Path.StartsWith(path + ".", StringComparison.Ordinal) || p.Path.StartsWith(path + "[", StringComparison.Ordinal));

    /// <summary>The problem in the UI language: the code's message, the code itself for support.</summary>
    public string Message(ReportProblem problem) =>
        text["Reports.Code." + problem.Code] is { ResourceNotFound: false } localized ? localized.Value : problem.Message;

    public BuilderColumn? Column(string? name) => Columns.FirstOrDefault(c => c.Name == name);

    /// <summary>The operators a filter row offers: those of its field, or every one until a field is chosen.</summary>
    public IReadOnlyList<string> Operators(string? field) =>
        Column(field)?.Column.Operators ?? ["eq", "neq", "contains", "gt", "gte", "lt", "lte", "between", "in", "before", "after", "lastNDays", "empty", "notempty"];


    private async Task PreviewAsync(ActingUser user, CancellationToken cancellationToken)
    {
        try
        {
            (Preview, Problems) = await data.RunAsync(Form.ToDefinition(), user, zone.Zone, Locale, cancellationToken);
        }
        catch (ReportTimeoutException)
        {
            TimedOut = true;
        }
    }

    /// <summary>A saved report the user may change: 404 when they cannot see it, 403 when it is not theirs (package reports are copied instead).</summary>
    private async Task<(ReportEntry? Entry, IActionResult? Refused)> EditableAsync(string id, ActingUser user, CancellationToken cancellationToken)
    {
        if (await catalog.FindAsync(id, user, Locale, cancellationToken) is not { } entry) return (null, NotFound());
        return catalog.CanChange(entry, user) ? (entry, null) : (null, Forbid());
    }

    private void Load(ActingUser user)
    {
        Objects = choices.Objects(user, Locale);
        Columns = choices.Columns(user, Form.Object, Locale, name => text["Reports.Column." + name]);
        Roles = choices.Roles(Locale);
    }
}
