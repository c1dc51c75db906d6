namespace FunnelStudio.Reports;

/// <summary>
/// A report as a user (builder, API) or a package (<c>dashboards/*.json</c>) writes it: which records
/// of one object, filtered how, grouped by at most two keys, measured how and shown how. Kept as
/// written (operators, buckets and displays as text) so <see cref="ReportValidator"/> can name every
/// problem with its JSON path instead of failing on the first unknown word.
/// </summary>
public sealed record ReportDefinition
{
    /// <summary>The report's name: a short identifier in a package, free text for a user's report.</summary>
    public string Name { get; init; } = "";
    /// <summary>What people see; the name when empty.</summary>
    public string? Label { get; init; }
    /// <summary>The object whose live records are counted.</summary>
    public string Object { get; init; } = "";
    public IReadOnlyList<ReportFilter> Filters { get; init; } = [];
    /// <summary><c>all</c> (the default) or <c>any</c> of <see cref="Filters"/> must hold.</summary>
    public string Match { get; init; } = "all";
    public IReadOnlyList<ReportGrouping> GroupBy { get; init; } = [];
    public IReadOnlyList<ReportMeasure> Measures { get; init; } = [new ReportMeasure { Aggregate = "count" }];
    /// <summary><c>table</c>, <c>bar</c>, <c>line</c>, <c>funnel</c> or <c>pie</c>.</summary>
    public string Display { get; init; } = "table";
    /// <summary>Roles the report is shared with; empty: private to its owner.</summary>
    public IReadOnlyList<string> SharedWith { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public string Title => string.IsNullOrWhiteSpace(Label) ? Name : Label!;
}

/// <summary>
/// One condition: a field (or the system columns <c>stage</c>, <c>owner</c>, <c>created_at</c>,
/// <c>updated_at</c>), an operator valid for its type and its value(s): <see cref="Value"/> for one,
/// <see cref="Values"/> for <c>in</c> (any number) and <c>between</c> (two, inclusive).
/// Dates are written <c>yyyy-MM-dd</c> and read as days in the time zone of the run.
/// </summary>
public sealed record ReportFilter
{
    public string Field { get; init; } = "";
    public string Operator { get; init; } = "eq";
    public string? Value { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
}

/// <summary>A grouping key: a field, <c>stage</c> or <c>owner</c>; a date field (or created_at/updated_at) with a <see cref="Bucket"/>.</summary>
public sealed record ReportGrouping
{
    public string Field { get; init; } = "";
    /// <summary><c>day</c>, <c>week</c> (starting Monday), <c>month</c> or <c>quarter</c>; only for dates.</summary>
    public string? Bucket { get; init; }
}

/// <summary>A measure: <c>count</c>, or <c>sum</c>/<c>avg</c>/<c>min</c>/<c>max</c> of a number, currency or percent field.</summary>
public sealed record ReportMeasure
{
    public string Aggregate { get; init; } = "count";
    public string? Field { get; init; }

    /// <summary>The column name of the measure in a result: <c>count</c>, <c>sum_amount</c>, …</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => Field is null ? Aggregate : $"{Aggregate}_{Field}";
}
