namespace FunnelStudio.Reports;

/// <summary>
/// A validated report as the store runs it: resolved columns, typed values, date ranges and bucket
/// boundaries already computed in C# (in the run's time zone), and the owners the user may read.
/// Every value reaches SQL as a parameter; names only after the store's name check.
/// </summary>
public sealed record ReportQuery(string Object)
{
    /// <summary>Null: every owner. Otherwise only records owned by these users (<see cref="Access.ObjectAccess.ReadableOwners"/>).</summary>
    public IReadOnlyList<string>? VisibleOwners { get; init; }
    public IReadOnlyList<ReportCondition> Conditions { get; init; } = [];
    /// <summary>True: any condition suffices; false: all must hold.</summary>
    public bool MatchAny { get; init; }
    /// <summary>Conditions that always hold together with the others (a drill-down cell's group values).</summary>
    public IReadOnlyList<ReportCondition> CellConditions { get; init; } = [];
    public IReadOnlyList<ReportGroupPlan> Groups { get; init; } = [];
    public IReadOnlyList<ReportMeasurePlan> Measures { get; init; } = [];
    /// <summary>The longest a run may take (then <see cref="ReportTimeoutException"/>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>How a condition compares; date operators are already ranges.</summary>
public enum ReportComparison
{
    Equal,
    NotEqual,
    Contains,
    Empty,
    NotEmpty,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    In,
    /// <summary><see cref="ReportCondition.Values"/> holds [from, to): from inclusive, to exclusive (either may be null).</summary>
    Range,
}

/// <summary>
/// One typed condition: text values as strings (choices, users, text lower-cased by the store for text),
/// numbers as <see cref="decimal"/>, booleans as <see cref="bool"/>, dates as <see cref="DateOnly"/> and
/// instants as UTC <see cref="DateTime"/>.
/// </summary>
public sealed record ReportCondition(ReportColumn Column, ReportComparison Comparison, IReadOnlyList<object?> Values);

/// <summary>
/// A grouping: by the column's value, or (dates) by the bucket its value falls in. Bucket
/// <see cref="BucketStarts"/> are ascending: a <see cref="DateOnly"/> for dates, a UTC <see cref="DateTime"/>
/// for instants (local midnights converted, so a day across a DST change is 23 or 25 hours). The store
/// returns the index of the bucket (the last start not after the value).
/// </summary>
public sealed record ReportGroupPlan(ReportColumn Column)
{
    public IReadOnlyList<object>? BucketStarts { get; init; }
}

/// <summary>An aggregate (<c>count</c>, <c>sum</c>, <c>avg</c>, <c>min</c>, <c>max</c>) of a numeric column (null for count).</summary>
public sealed record ReportMeasurePlan(string Aggregate, ReportColumn? Column);

/// <summary>
/// One row of a store's answer: per group the raw key (text; a bucket's index as its text; null for
/// records without a value) and per measure its value (null when no record had one).
/// </summary>
public sealed record ReportStoreRow(IReadOnlyList<string?> Keys, IReadOnlyList<decimal?> Values);
