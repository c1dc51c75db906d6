using FunnelStudio.Metadata;
using FunnelStudio.Access;
using FunnelStudio.Portal.Identity;
using FunnelStudio.Portal.Ui;
using FunnelStudio.Saving;
using Microsoft.AspNetCore.Mvc;

namespace FunnelStudio.Portal.Pages.Objects;

/// <summary>
/// <c>/o/{object}</c>: a page of records with search, stage and owner filters, sorting by a column
/// header and paging — all server-side through <see cref="IRecordService.QueryAsync"/>.
/// </summary>
public sealed class ListModel(IPackageRuntime runtime, ICurrentUser currentUser, IRecordService records,
    IUserDirectory users, ValueDisplay display) : ObjectPageModel(runtime, currentUser)
{
    public const int PageSize = 50;

    /// <summary>System columns a list can sort by besides the object's fields.</summary>
    private static readonly string[] SystemSorts = ["updated_at", "created_at", "title", "stage", "owner_id"];

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public string? Stage { get; set; }
    [BindProperty(SupportsGet = true)] public string? Owner { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    // From the query string only: Razor Pages also has a route value named "page" (the page's own
    // path), which would otherwise win and leave every list on page 1.
    [BindProperty(SupportsGet = true, Name = "page"), FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public RecordPage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<FieldDefinition> Columns { get; private set; } = [];
    public IReadOnlyList<UserOption> OwnerOptions { get; private set; } = [];
    public ValueDisplay Display => display;
    public string EffectiveSort { get; private set; } = "updated_at";
    public bool Descending { get; private set; } = true;
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Columns = ListColumns(Access);
        (EffectiveSort, Descending) = ResolveSort();
        if (Stage is not null && Pipeline?.Find(Stage) is null) Stage = null;
        var query = new RecordQuery(Definition.Name)
        {
            Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
            Stage = Stage,
            Owner = string.IsNullOrWhiteSpace(Owner) ? null : Owner,
            Sort = EffectiveSort,
            Descending = Descending,
            Page = Math.Max(1, PageNumber),
            PageSize = PageSize,
        };
        Result = await records.QueryAsync(query, Acting, cancellationToken);
        await display.PrefetchAsync(Definition, Result.Items, Acting, cancellationToken);
        // The owner filter offers the owners whose records the user may read.
        OwnerOptions = await users.ActiveAsync(Access.ReadableOwners, cancellationToken);
        return Page();
    }

    /// <summary>
    /// The layout's list columns, or the title field, the stage and the owner when it names none —
    /// without the fields the user's roles hide.
    /// </summary>
    public static IReadOnlyList<FieldDefinition> ListColumns(ObjectAccess access)
    {
        var obj = access.Object;
        var names = obj.Layout.ListColumns.Count > 0 ? obj.Layout.ListColumns
            : new[] { obj.TitleField, obj.Pipeline?.Field, obj.OwnerField }.OfType<string>().ToList();
        var columns = names.Select(obj.Field).OfType<FieldDefinition>().Where(f => !access.IsHidden(f.Name)).ToList();
        return columns.Count > 0 ? columns : access.VisibleFields.Take(4).ToList();
    }

    public bool IsSortable(FieldDefinition field) => field.ValueType != FieldType.MultiPicklist;

    private (string Sort, bool Descending) ResolveSort()
    {
        var descending = string.Equals(Dir, "desc", StringComparison.OrdinalIgnoreCase);
        if (Sort is null) return ("updated_at", true);
        // The API's style works too: sort=-amount is amount, descending.
        if (Sort.StartsWith('-') && Dir is null) { Sort = Sort[1..]; Dir = "desc"; descending = true; }
        if (SystemSorts.Contains(Sort)) return (Sort, descending);
        if (Pipeline?.Field == Sort) return ("stage", descending);
        return Definition.Field(Sort) is { } field && IsSortable(field) && !Access.IsHidden(field.Name) ? (field.Name, descending) : ("updated_at", true);
    }

    /// <summary>The sort key a column header uses (the stage field sorts by the stage column).</summary>
    public string SortKey(FieldDefinition field) => field.IsStageField ? "stage" : field.Name;

    /// <summary>This list's URL with some parameters changed (null removes one); paging resets unless given.</summary>
    public string Link(string? sort = null, string? dir = null, int? page = null)
    {
        var parameters = new Dictionary<string, string?>
        {
            ["q"] = Search, ["stage"] = Stage, ["owner"] = Owner,
            ["sort"] = sort ?? Sort, ["dir"] = dir ?? Dir,
            ["page"] = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        };
        var query = string.Join("&", parameters.Where(p => !string.IsNullOrEmpty(p.Value))
            .Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));
        return "/o/" + Definition.Name + (query.Length > 0 ? "?" + query : "");
    }

    public object? ValueOf(StoredRecord record, FieldDefinition field) =>
        field.IsStageField ? record.Stage ?? record.Values[field.Name] : record.Values[field.Name];
}
