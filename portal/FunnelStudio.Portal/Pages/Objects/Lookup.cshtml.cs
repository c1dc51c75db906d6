using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}/lookup?q=</c>: the records a lookup input offers as you type — a search through
/// <see cref="IRecordService.QueryAsync"/>, so the user only ever sees records they may see.
/// </summary>
public sealed class LookupModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records)
    : ObjectPageModel(runtime, currentUser)
{
    public const int Limit = 20;

    public IReadOnlyList<LookupChoice> Choices { get; private set; } = [];
    public string? Query { get; private set; }
    public int Total { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        Query = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var page = await records.QueryAsync(new RecordQuery(Definition.Name)
        {
            Search = Query, Sort = "title", Descending = false, PageSize = Limit,
        }, Acting, cancellationToken);
        Choices = page.Items.Select(r => new LookupChoice(r.Id.ToString(), ValueDisplay.RecordTitle(r))).ToList();
        Total = page.Total;
        return Page();
    }
}
