using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Analytics;

/// <summary>
/// The funnel KPIs for one user (<see cref="IAnalyticsService"/>): builds the scope (access, filters),
/// asks the store, and assembles slices. Amounts are dropped when the amount field is hidden from
/// the user, so no figure tells what a field they cannot see holds.
/// </summary>
public sealed class AnalyticsService(AnalyticsScopes scopes, IAnalyticsStore store, IConfigVersionStore versions,
    TimeProvider clock) : IAnalyticsService
{
    public async Task<FunnelResult> FunnelAsync(ActingUser user, AnalyticsRequest request, FunnelMode mode, CancellationToken cancellationToken)
    {
        var (scope, access) = await scopes.ForAsync(user, request, cancellationToken);
        var period = new Period(request.From, request.To);
        var rows = await WithSlicesAsync(scope, s => store.FunnelAsync(s, period, mode, cancellationToken));
        return new FunnelResult(mode, period, Slices(scope, rows.Select(r => r.Split)).Select(split =>
            AnalyticsAssembly.Funnel(scope, split, rows.Where(r => r.Split == split), HidesAmount(access))).ToList());
    }

    public async Task<KpiResult> KpisAsync(ActingUser user, AnalyticsRequest request, CancellationToken cancellationToken)
    {
        var (scope, access) = await scopes.ForAsync(user, request, cancellationToken);
        var period = new Period(request.From, request.To);
        var now = clock.GetUtcNow().UtcDateTime;
        var kpis = await WithSlicesAsync(scope, s => store.PeriodKpisAsync(s, [period, period.Previous], cancellationToken));
        var times = await WithSlicesAsync(scope, s => store.TimeInStageAsync(s, period, cancellationToken));
        var open = await WithSlicesAsync(scope, s => store.OpenPipelineAsync(s, now, cancellationToken));
        var hide = HidesAmount(access);
        var sets = Slices(scope, kpis.Select(k => k.Split).Concat(times.Select(t => t.Split)).Concat(open.Select(o => o.Split)))
            .Select(split => new KpiSet(split,
                AnalyticsAssembly.Kpis(kpis, 0, split, hide),
                AnalyticsAssembly.Kpis(kpis, 1, split, hide),
                AnalyticsAssembly.Pipeline(scope, open.Where(o => o.Split == split), hide),
                AnalyticsAssembly.Times(scope, times.Where(t => t.Split == split))))
            .ToList();
        return new KpiResult(period, period.Previous, now, sets);
    }

    public async Task<TrendResult> TrendsAsync(ActingUser user, AnalyticsRequest request, TrendInterval interval, CancellationToken cancellationToken)
    {
        var (scope, access) = await scopes.ForAsync(user, request, cancellationToken);
        var range = new Period(request.From, request.To);
        var buckets = TrendBuckets.For(range, interval, request.Zone);
        var rows = await WithSlicesAsync(scope, s => store.PeriodKpisAsync(s, buckets, cancellationToken));
        var hide = HidesAmount(access);
        var series = Slices(scope, rows.Select(r => r.Split))
            .Select(split => new TrendSeries(split,
                buckets.Select((b, i) => new TrendPoint(b, AnalyticsAssembly.Kpis(rows, i, split, hide))).ToList()))
            .ToList();
        var markers = (await VersionsAsync(cancellationToken)).Where(v => v.PublishedAt >= range.Start && v.PublishedAt < range.End)
            .OrderBy(v => v.PublishedAt).ToList();
        return new TrendResult(interval, range, series, markers);
    }

    public async Task<VersionEffect> VersionEffectAsync(ActingUser user, AnalyticsRequest request, long versionId, int weeks, CancellationToken cancellationToken)
    {
        if (weeks is < 1 or > 52)
            throw new AnalyticsException(AnalyticsErrors.BadPeriod, $"Compare 1 to 52 weeks before and after a version, not {weeks}.");
        var marker = (await VersionsAsync(cancellationToken)).FirstOrDefault(v => v.Id == versionId)
            ?? throw new AnalyticsException(AnalyticsErrors.UnknownVersion, $"No published version has the id {versionId}.");
        var now = clock.GetUtcNow().UtcDateTime;
        var before = new Period(marker.PublishedAt.AddDays(-7 * weeks), marker.PublishedAt);
        var afterEnd = marker.PublishedAt.AddDays(7 * weeks);
        // A version published moments ago has no "after" yet: keep the period valid, it is simply empty.
        var after = new Period(marker.PublishedAt, afterEnd < now ? afterEnd : (now > marker.PublishedAt ? now : marker.PublishedAt.AddSeconds(1)));
        var (scope, access) = await scopes.ForAsync(user, request with { From = before.Start, To = after.End }, cancellationToken);
        var hide = HidesAmount(access);
        var kpis = await store.PeriodKpisAsync(scope with { SplitBy = null }, [before, after], cancellationToken);
        var noSplit = scope with { SplitBy = null };
        var funnelBefore = await store.FunnelAsync(noSplit, before, FunnelMode.Period, cancellationToken);
        var funnelAfter = await store.FunnelAsync(noSplit, after, FunnelMode.Period, cancellationToken);
        var timeBefore = await store.TimeInStageAsync(noSplit, before, cancellationToken);
        var timeAfter = await store.TimeInStageAsync(noSplit, after, cancellationToken);
        return new VersionEffect(marker, weeks, before, after,
            AnalyticsAssembly.Kpis(kpis, 0, null, hide), AnalyticsAssembly.Kpis(kpis, 1, null, hide),
            AnalyticsAssembly.Funnel(noSplit, null, funnelBefore, hide), AnalyticsAssembly.Funnel(noSplit, null, funnelAfter, hide),
            AnalyticsAssembly.Times(noSplit, timeBefore), AnalyticsAssembly.Times(noSplit, timeAfter));
    }

    public async Task<DrillPage> DrillAsync(ActingUser user, AnalyticsRequest request, DrillTarget target, int page, int pageSize, CancellationToken cancellationToken)
    {
        var (scope, access) = await scopes.ForAsync(user, request with { SplitBy = null }, cancellationToken);
        if (target.Stage is { } stage && scope.Stages.All(s => s.Name != stage))
            throw new AnalyticsException(AnalyticsErrors.UnknownStage, $"'{scope.Object}' has no stage '{stage}'.");
        if (target.Kind is DrillKind.Funnel or DrillKind.LeftStage && target.Stage is null)
            throw new AnalyticsException(AnalyticsErrors.UnknownStage, $"A {target.Kind} drill-down needs a stage.");
        var query = new DrillQuery(target, new Period(request.From, request.To), clock.GetUtcNow().UtcDateTime,
            Math.Max(1, page), Math.Clamp(pageSize, 1, 200));
        var result = await store.DrillAsync(scope, query, cancellationToken);
        return HidesAmount(access) ? result with { Items = result.Items.Select(r => r with { Amount = null }).ToList() } : result;
    }

    public async Task<DateTime?> BaselineAsync(CancellationToken cancellationToken) =>
        (await VersionsAsync(cancellationToken)).Select(v => (DateTime?)v.PublishedAt).Min();

    public async Task<IReadOnlyList<VersionMarker>> VersionsAsync(CancellationToken cancellationToken) =>
        (await versions.ListAsync(cancellationToken))
            .Where(v => v.PublishedAt is not null && v.Status != ConfigVersionStatus.Draft)
            .OrderByDescending(v => v.PublishedAt)
            .Select(v => new VersionMarker(v.Id, v.PackageVersion, DateTime.SpecifyKind(v.PublishedAt!.Value, DateTimeKind.Utc)))
            .ToList();

    private static bool HidesAmount(ObjectAccess access) =>
        access.Object.Pipeline?.AmountField is not { } amount || access.IsHidden(amount);

    /// <summary>
    /// The rows of everything (split null) and, when the request splits, of each slice: medians and
    /// distinct counts do not add up, so the total is its own query rather than a sum of slices.
    /// </summary>
    private static async Task<IReadOnlyList<T>> WithSlicesAsync<T>(AnalyticsScope scope, Func<AnalyticsScope, Task<IReadOnlyList<T>>> query)
    {
        var total = await query(scope with { SplitBy = null });
        return scope.SplitBy is null ? total : [.. total, .. await query(scope)];
    }

    /// <summary>Null (everything) first, then each slice the rows name ("" for records without a value), in order.</summary>
    private static IReadOnlyList<string?> Slices(AnalyticsScope scope, IEnumerable<string?> splits) =>
        scope.SplitBy is null ? [null] : [null, .. splits.OfType<string>().Distinct().Order(StringComparer.Ordinal)];
}
