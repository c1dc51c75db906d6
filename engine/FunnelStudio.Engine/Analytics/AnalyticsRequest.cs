namespace FunnelStudio.Analytics;

/// <summary>
/// The object, period and filters every analytics figure takes. The period is
/// [<see cref="From"/>, <see cref="To"/>) in UTC; the caller turns the user's local dates into it
/// with <see cref="Zone"/>, which also places week and month buckets (DST-correct).
/// </summary>
public sealed record AnalyticsRequest(string Object, DateTime From, DateTime To)
{
    /// <summary>Only records owned by this user (null: any owner the user may read).</summary>
    public string? Owner { get; init; }

    /// <summary>Only records owned by this manager or anyone reporting to them, at any depth.</summary>
    public string? Team { get; init; }

    /// <summary>Picklist field = value filters, all of which must hold.</summary>
    public IReadOnlyList<AnalyticsFieldFilter> Fields { get; init; } = [];

    /// <summary>Split every figure by <c>"owner"</c> or by a picklist field's value (null: no split).</summary>
    public string? SplitBy { get; init; }

    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>
/// A picklist field equals <see cref="Value"/>; a null value means the field is empty — the
/// "(none)" slice of a split, so a split's every slice can be drilled into.
/// </summary>
public sealed record AnalyticsFieldFilter(string Field, string? Value);

/// <summary>How the funnel counts: by cohort or by the moves of the period.</summary>
public enum FunnelMode
{
    /// <summary>Records created in the period, each counted at the furthest stage it has reached so far.</summary>
    Cohort,

    /// <summary>Records that entered each stage during the period (moves that happened in it).</summary>
    Period,
}

/// <summary>The bucket of a trend.</summary>
public enum TrendInterval
{
    /// <summary>ISO weeks, Monday 00:00 in the request's zone.</summary>
    Week,

    /// <summary>Calendar months, the 1st 00:00 in the request's zone.</summary>
    Month,
}

/// <summary>One interval [<see cref="Start"/>, <see cref="End"/>) in UTC.</summary>
public sealed record Period(DateTime Start, DateTime End)
{
    /// <summary>The interval of the same length right before this one.</summary>
    public Period Previous => new(Start - (End - Start), Start);

    // The generated ToString would print Previous, whose Previous it prints again, back to year 1:
    // it threw (un-representable DateTime) for every period, in logs and messages alike.
    public override string ToString() => $"[{Start:yyyy-MM-dd'T'HH:mm:ss'Z'}, {End:yyyy-MM-dd'T'HH:mm:ss'Z'})";
}
