namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// What forecast to compute: the months from <see cref="From"/> to <see cref="To"/> (each the first
/// of its month, both included, at most <see cref="ForecastService.MaxMonths"/>) of one object.
/// </summary>
public sealed record ForecastQuery(string Object, DateOnly From, DateOnly To)
{
    /// <summary>Only these owners (one owner, or a team's ids); null: every owner the user may read.</summary>
    public IReadOnlyList<string>? Owners { get; init; }

    /// <summary>Also give each month per owner.</summary>
    public bool ByOwner { get; init; }
}

/// <summary>Whose records a drill-down lists: the forecast of a month or what was won in it.</summary>
public enum ForecastFigure
{
    Forecast,
    Won,
}

/// <summary>The records behind one figure of <see cref="ForecastMonth"/>; pages from 1.</summary>
public sealed record ForecastDrillQuery(string Object, DateOnly Month, ForecastFigure Figure)
{
    public IReadOnlyList<string>? Owners { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>
/// One month (or one owner's share of it): what the snapshot of its first day forecast for it, what was
/// won in it, the error (won − forecast) and the accuracy (max(0, 1 − |error| ÷ forecast); null when the
/// forecast is 0). The forecast figures are null when that day's snapshot is missing.
/// </summary>
public sealed record ForecastMonth(DateOnly Month, string? OwnerId, bool HasSnapshot, decimal? Forecast, decimal? ForecastAmount,
    int? ForecastCount, decimal Won, int WonCount, decimal? Error, decimal? Accuracy);

/// <summary>The forecast of a range of months; <see cref="ByOwner"/> is empty unless asked for.</summary>
public sealed record ForecastReport(string Object, DateOnly From, DateOnly To, string TimeZone, IReadOnlyList<ForecastMonth> Months,
    IReadOnlyList<ForecastMonth> ByOwner);

/// <summary>One record behind a figure: its stage, owner and amount as the figure counted them.</summary>
public sealed record ForecastDrillItem(Guid Id, string? Title, string? Stage, string? OwnerId, decimal? Amount);

/// <summary>A page of the records behind a figure, their total count and amount (which equal the figure).</summary>
public sealed record ForecastDrillPage(IReadOnlyList<ForecastDrillItem> Items, int Total, decimal Amount, int Page, int PageSize);

/// <summary>A forecast request the caller got wrong or may not make; HTTP maps <see cref="Code"/> to its status.</summary>
public sealed class ForecastQueryException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// The codes of <see cref="ForecastQueryException"/>: the same codes the rest of the analytics API
/// answers for the same mistakes (<see cref="AnalyticsErrors"/>), so a client handles one set.
/// </summary>
public static class ForecastErrors
{
    /// <summary>The package has no such object, or the user may not read it (400).</summary>
    public const string ObjectUnknown = AnalyticsErrors.UnknownObject;
    /// <summary>The object has no pipeline, so nothing to forecast (422).</summary>
    public const string NoPipeline = AnalyticsErrors.NoPipeline;
    /// <summary>The range ends before it starts (400).</summary>
    public const string RangeInvalid = AnalyticsErrors.BadPeriod;
    /// <summary>The range is longer than ten years (400).</summary>
    public const string RangeTooLong = AnalyticsErrors.BadPeriod;
    /// <summary>The amount field is hidden from the user (403).</summary>
    public const string FieldForbidden = AnalyticsErrors.FieldForbidden;
}
