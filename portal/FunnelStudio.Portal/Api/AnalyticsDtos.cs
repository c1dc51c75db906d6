using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;

namespace FunnelStudio.Portal.Api;

/// <summary>An interval [from, to) in UTC.</summary>
public sealed record PeriodDto(DateTime From, DateTime To)
{
    public static PeriodDto Of(Period p) => new(p.Start, p.End);
}

/// <summary>The period figures of a slice; amounts are null when the caller may not see the amount field.</summary>
public sealed record PeriodKpisDto(long Created, long Won, long Lost, long Closed, double? WinRate, decimal? WonAmount,
    decimal? AverageDealSize, double? CycleMedianDays, double? CycleMeanDays)
{
    public static PeriodKpisDto Of(PeriodKpis k, bool amounts) => new(k.Created, k.Won, k.Lost, k.Closed, k.WinRate,
        amounts ? k.WonAmount : null, amounts ? k.AverageDealSize : null, k.CycleMedianDays, k.CycleMeanDays);
}

public sealed record FunnelStepDto(string Stage, string Label, long Count, decimal? Amount, double? ConversionFromPrevious, string? Records);

public sealed record FunnelSeriesDto(string? Split, string? SplitLabel, IReadOnlyList<FunnelStepDto> Steps, IReadOnlyList<FunnelStepDto> Lost);

/// <summary><c>GET /api/v1/analytics/funnel</c>.</summary>
public sealed record FunnelDto(string Object, string Mode, PeriodDto Period, IReadOnlyList<FunnelSeriesDto> Series);

public sealed record StageTimeDto(string Stage, string Label, long Records, double? MedianDays, double? P75Days);

public sealed record StagePipelineDto(string Stage, string Label, long Count, decimal? Amount, decimal? Weighted, long Stalled, int StalledAfterDays);

public sealed record KpiSetDto(string? Split, string? SplitLabel, PeriodKpisDto Current, PeriodKpisDto Previous, long OpenCount,
    decimal? PipelineAmount, decimal? WeightedPipeline, long Stalled, IReadOnlyList<StagePipelineDto> Pipeline, IReadOnlyList<StageTimeDto> TimeInStage);

/// <summary><c>GET /api/v1/analytics/kpis</c>.</summary>
public sealed record KpisDto(string Object, PeriodDto Period, PeriodDto Previous, DateTime AsOf, IReadOnlyList<KpiSetDto> Sets);

public sealed record TrendPointDto(PeriodDto Period, PeriodKpisDto Kpis);

public sealed record TrendSeriesDto(string? Split, string? SplitLabel, IReadOnlyList<TrendPointDto> Points);

public sealed record VersionMarkerDto(long Id, string Version, DateTime PublishedAt);

/// <summary><c>GET /api/v1/analytics/trends</c>.</summary>
public sealed record TrendsDto(string Object, string Interval, PeriodDto Range, IReadOnlyList<TrendSeriesDto> Series, IReadOnlyList<VersionMarkerDto> Versions);

/// <summary><c>GET /api/v1/analytics/versions/{id}/effect</c>.</summary>
public sealed record VersionEffectDto(string Object, VersionMarkerDto Version, int Weeks, PeriodDto Before, PeriodDto After,
    PeriodKpisDto KpisBefore, PeriodKpisDto KpisAfter, IReadOnlyList<FunnelStepDto> FunnelBefore, IReadOnlyList<FunnelStepDto> FunnelAfter,
    IReadOnlyList<StageTimeDto> TimeBefore, IReadOnlyList<StageTimeDto> TimeAfter);

public sealed record DrillRowDto(Guid Id, string? Title, string? Stage, string? StageLabel, string? OwnerId, string? OwnerName, decimal? Amount, DateTime CreatedAt);

/// <summary><c>GET /api/v1/analytics/records</c>: one page of the records behind a figure; <c>total</c> equals the figure.</summary>
public sealed record DrillPageDto(string Object, string Kind, string? Stage, long Total, int Page, int PageSize, IReadOnlyList<DrillRowDto> Items);

/// <summary>Maps the engine's results to the API's shapes, with labels in the request's language and each count's drill link.</summary>
public static class AnalyticsDtoMapper
{
    public static FunnelDto Funnel(FunnelResult r, AnalyticsView view) => new(view.Query.Object, Name(r.Mode), PeriodDto.Of(r.Period),
        r.Series.Select(s => new FunnelSeriesDto(s.Split, Slice(view, s.Split),
            s.Steps.Select(step => Step(step, view, r.Period, s.Split, r.Mode)).ToList(),
            s.Lost.Select(step => Step(step, view, r.Period, s.Split, r.Mode)).ToList())).ToList());

    public static FunnelStepDto Step(FunnelStep s, AnalyticsView view, Period period, string? split, FunnelMode mode) =>
        new(s.Stage, view.StageLabel(s.Stage), s.Count, view.ShowsAmounts ? s.Amount : null, s.ConversionFromPrevious,
            view.DrillApi(DrillKind.Funnel, period, s.Stage, split, mode));

    public static KpisDto Kpis(KpiResult r, AnalyticsView view) => new(view.Query.Object, PeriodDto.Of(r.Period), PeriodDto.Of(r.Previous), r.AsOf,
        r.Sets.Select(s => new KpiSetDto(s.Split, Slice(view, s.Split), PeriodKpisDto.Of(s.Current, view.ShowsAmounts),
            PeriodKpisDto.Of(s.Previous, view.ShowsAmounts), s.OpenCount, view.ShowsAmounts ? s.PipelineAmount : null,
            view.ShowsAmounts ? s.WeightedPipeline : null, s.Stalled,
            s.Pipeline.Select(p => new StagePipelineDto(p.Stage, view.StageLabel(p.Stage), p.Count, view.ShowsAmounts ? p.Amount : null,
                view.ShowsAmounts ? p.Weighted : null, p.Stalled, p.StalledAfterDays)).ToList(),
            Times(s.TimeInStage, view))).ToList());

    public static TrendsDto Trends(TrendResult r, AnalyticsView view) => new(view.Query.Object, Name(r.Interval), PeriodDto.Of(r.Range),
        r.Series.Select(s => new TrendSeriesDto(s.Split, Slice(view, s.Split),
            s.Points.Select(p => new TrendPointDto(PeriodDto.Of(p.Period), PeriodKpisDto.Of(p.Kpis, view.ShowsAmounts))).ToList())).ToList(),
        r.Versions.Select(Marker).ToList());

    public static VersionEffectDto Effect(VersionEffect e, AnalyticsView view) => new(view.Query.Object, Marker(e.Version), e.Weeks,
        PeriodDto.Of(e.Before), PeriodDto.Of(e.After), PeriodKpisDto.Of(e.KpisBefore, view.ShowsAmounts), PeriodKpisDto.Of(e.KpisAfter, view.ShowsAmounts),
        e.FunnelBefore.Steps.Select(s => Step(s, view, e.Before, null, FunnelMode.Period)).ToList(),
        e.FunnelAfter.Steps.Select(s => Step(s, view, e.After, null, FunnelMode.Period)).ToList(),
        Times(e.TimeBefore, view), Times(e.TimeAfter, view));

    public static DrillPageDto Drill(DrillPage page, DrillTarget target, AnalyticsView view) => new(view.Query.Object,
        target.Kind.ToString().ToLowerInvariant(), target.Stage, page.Total, page.Page, page.PageSize,
        page.Items.Select(r => new DrillRowDto(r.Id, r.Title, r.Stage, r.Stage is null ? null : view.StageLabel(r.Stage), r.OwnerId,
            r.OwnerId is null ? null : view.UserName(r.OwnerId), view.ShowsAmounts ? r.Amount : null, r.CreatedAt)).ToList());

    private static List<StageTimeDto> Times(IReadOnlyList<StageTime> times, AnalyticsView view) =>
        times.Select(t => new StageTimeDto(t.Stage, view.StageLabel(t.Stage), t.Records, t.MedianDays, t.P75Days)).ToList();

    private static VersionMarkerDto Marker(VersionMarker v) => new(v.Id, v.Version, v.PublishedAt);

    private static string? Slice(AnalyticsView view, string? split) => split is null ? null : view.SliceLabel(split);

    private static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
