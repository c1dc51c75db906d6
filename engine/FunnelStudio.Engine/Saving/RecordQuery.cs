namespace FunnelStudio.Saving;

/// <summary>
/// A list query: filters, a search term, one sort field (a system column or a field name that
/// passed the loader's name check) and a page. <see cref="VisibleOwners"/> is set by the engine from
/// the acting user, never by the caller, so UI, API and board see the same records.
/// </summary>
public sealed record RecordQuery(string Object)
{
    public string? Stage { get; init; }
    public string? Owner { get; init; }
    public string? Search { get; init; }
    public string Sort { get; init; } = "updated_at";
    public bool Descending { get; init; } = true;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
    /// <summary>Null: every owner. Otherwise only records owned by these users.</summary>
    public IReadOnlyList<string>? VisibleOwners { get; init; }
    /// <summary>The field's type when sorting by a field, so numbers sort as numbers.</summary>
    public Metadata.FieldType? SortType { get; init; }
    /// <summary>
    /// Field = value filters (all must hold), compared as text ignoring case and surrounding spaces;
    /// a phone compares its digits only. The engine refuses fields the user may not see.
    /// </summary>
    public IReadOnlyList<FieldEquals> FieldFilters { get; init; } = [];
}

/// <summary>One field = value filter of a <see cref="RecordQuery"/>; <see cref="Digits"/> for phone fields.</summary>
public sealed record FieldEquals(string Field, string Value, bool Digits = false);

/// <summary>One page of records and the total count matching the filters.</summary>
public sealed record RecordPage(IReadOnlyList<StoredRecord> Items, int Total, int Page, int PageSize);

/// <summary>The board: per stage, the count, the amount sum and the first cards — never every record.</summary>
public sealed record BoardColumn(string Stage, int Count, decimal Amount, IReadOnlyList<StoredRecord> Cards);
