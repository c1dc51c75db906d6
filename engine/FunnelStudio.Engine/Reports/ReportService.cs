using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Reports;

/// <summary>
/// Validates a report for the acting user, plans it (typed values, date ranges and buckets in the
/// run's time zone) and runs it through <see cref="IReportStore"/> over the owners the user may read
/// — the same <see cref="ObjectAccess.ReadableOwners"/> every list applies, so a report never counts
/// what its user could not list.
/// </summary>
public sealed class ReportService(IPackageRuntime runtime, IReportStore store, TimeProvider clock, ReportOptions? options = null) : IReportService
{
    private readonly ReportOptions _options = options ?? new ReportOptions();

    public IReadOnlyList<ReportProblem> Validate(ReportDefinition report, ActingUser user)
    {
        var package = runtime.Current;
        return ReportValidator.Validate(report, package.Definition, obj => package.Access.For(user, obj));
    }

    public bool CanBuild(ActingUser user, string? obj = null)
    {
        var package = runtime.Current;
        return package.Access.IsAdmin(user)
            || package.Definition.Objects.Any(o => (obj is null || o.Name == obj) && package.Access.For(user, o).Permission.Read >= AccessScope.Team);
    }

    public async Task<ReportRun> RunAsync(ReportDefinition report, ActingUser user, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var (query, calendar, problems) = Prepare(report, user, zone);
        if (query is null || calendar is null) return new ReportRun(problems, null);
        var (planned, bucketProblems) = await WithBucketsAsync(report, query, calendar, cancellationToken);
        if (bucketProblems.Count > 0) return new ReportRun(bucketProblems, null);
        var rows = planned.Groups.Count == 0 || planned.Groups.All(g => g.BucketStarts is not { Count: 0 })
            ? await store.RunAsync(planned, cancellationToken)
            : [];
        var result = new ReportResult(report,
            report.GroupBy.Select((g, i) => new ReportResultColumn(g.Field, planned.Groups[i].Column) { Bucket = planned.Groups[i].Column.IsDate ? g.Bucket : null }).ToList(),
            report.Measures.Select((m, i) => new ReportResultColumn(m.Key, planned.Measures[i].Column)).ToList(),
            rows.Select(r => new ReportResultRow(r.Keys.Select((k, i) => KeyOf(planned.Groups[i], k, calendar)).ToList(), r.Values))
                .OrderBy(r => r, new RowOrder(planned, runtime.Current.Definition.Object(report.Object)!))
                .ToList()) { TimeZone = zone.Id };
        return new ReportRun([], result);
    }

    public async Task<ReportRecords> RecordsAsync(ReportDefinition report, string? cell, ActingUser user, TimeZoneInfo zone, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        var (query, calendar, problems) = Prepare(report, user, zone);
        if (query is null || calendar is null) return new ReportRecords(problems, null);
        if (ReportCell.Parse(cell, query.Groups.Count) is not { } keys)
            return new ReportRecords([new ReportProblem(ReportCodes.Value, "$.cell", "The cell does not belong to this report.")], null);
        var conditions = new List<ReportCondition>();
        for (var i = 0; i < keys.Count; i++)
        {
            if (CellCondition(query.Groups[i].Column, report.GroupBy[i].Bucket, keys[i], calendar) is not { } condition)
                return new ReportRecords([new ReportProblem(ReportCodes.Value, $"$.cell[{i}]", $"'{keys[i]}' is not a value of '{report.GroupBy[i].Field}'.")], null);
            conditions.Add(condition);
        }
        var records = await store.RecordsAsync(query with { CellConditions = conditions }, Math.Max(1, page), Math.Clamp(pageSize, 1, 200), cancellationToken);
        var access = runtime.Current.Access.For(user, runtime.Current.Definition.Object(report.Object)!);
        return new ReportRecords([], records with { Items = records.Items.Select(r => RecordService.Redact(r, access)).ToList() });
    }

    /// <summary>Validates and plans; the query with the user's readable owners, or the problems.</summary>
    private (ReportQuery? Query, ReportCalendar? Calendar, IReadOnlyList<ReportProblem> Problems) Prepare(ReportDefinition report, ActingUser user, TimeZoneInfo zone)
    {
        var problems = Validate(report, user);
        if (problems.Count > 0) return (null, null, problems);
        var package = runtime.Current;
        var obj = package.Definition.Object(report.Object)!;
        var calendar = new ReportCalendar(zone);
        var query = ReportPlanner.Plan(report, obj, calendar, clock.GetUtcNow().UtcDateTime) with
        {
            VisibleOwners = package.Access.For(user, obj).ReadableOwners,
            Timeout = _options.Timeout,
        };
        return (query, calendar, []);
    }

    /// <summary>Date groups get the starts of every bucket between the earliest and latest matching value.</summary>
    private async Task<(ReportQuery, IReadOnlyList<ReportProblem>)> WithBucketsAsync(ReportDefinition report, ReportQuery query, ReportCalendar calendar,
        CancellationToken cancellationToken)
    {
        var groups = new List<ReportGroupPlan>();
        for (var i = 0; i < query.Groups.Count; i++)
        {
            var group = query.Groups[i];
            if (!group.Column.IsDate) { groups.Add(group); continue; }
            var bucket = report.GroupBy[i].Bucket!;
            if ((FilteredRange(query, group.Column) ?? await store.RangeAsync(query, group.Column, cancellationToken)) is not var (min, max))
            {
                groups.Add(group with { BucketStarts = [] });
                continue;
            }
            var starts = ReportCalendar.Buckets(DayOf(min, calendar), DayOf(max, calendar), bucket);
            if (starts is null)
                return (query, [new ReportProblem(ReportCodes.TooManyBuckets, $"$.groupBy[{i}].bucket",
                    $"The data spans more than {ReportCalendar.MaxBuckets} {bucket}s; use a longer bucket or filter the period.")]);
            groups.Add(group with { BucketStarts = starts.Select(d => ReportPlanner.Bound(group.Column, d, calendar)!).ToList() });
        }
        return (query with { Groups = groups }, []);
    }

    /// <summary>
    /// The span a date group's buckets must cover when an all-match filter already closes it on both
    /// ends: then the store need not scan the records once more for their earliest and latest value
    /// (on 1M records that scan cost as much as the report itself). The filter's end is exclusive.
    /// </summary>
    private static (object Min, object Max)? FilteredRange(ReportQuery query, ReportColumn column)
    {
        if (query.MatchAny) return null;
        foreach (var condition in query.Conditions)
            if (condition.Column == column && condition.Comparison == ReportComparison.Range)
                switch (condition.Values)
                {
                    case [DateOnly from, DateOnly to] when from < to: return (from, to.AddDays(-1));
                    case [DateTime from, DateTime to] when from < to: return (from, to.AddTicks(-1));
                }
        return null;
    }

    private static DateOnly DayOf(object value, ReportCalendar calendar) =>
        value is DateOnly day ? day : calendar.DayOf((DateTime)value);

    /// <summary>A bucket's key is its first (local) day; other keys stay as the store gave them.</summary>
    private static string? KeyOf(ReportGroupPlan group, string? key, ReportCalendar calendar)
    {
        if (group.BucketStarts is not { } starts || key is null) return key;
        var index = int.Parse(key, CultureInfo.InvariantCulture);
        return starts[index] switch
        {
            DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime instant => calendar.DayOf(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => key,
        };
    }

    /// <summary>The condition one group key of a cell adds: the bucket's range, the value, or "no value".</summary>
    private static ReportCondition? CellCondition(ReportColumn column, string? bucket, string? key, ReportCalendar calendar)
    {
        if (key is null) return new ReportCondition(column, ReportComparison.Empty, []);
        if (column.IsDate)
        {
            if (!DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)) return null;
            var end = ReportCalendar.Next(start, bucket!);
            return new ReportCondition(column, ReportComparison.Range, [ReportPlanner.Bound(column, start, calendar), ReportPlanner.Bound(column, end, calendar)]);
        }
        if (column.Kind == ReportValueKind.Boolean)
            return key is "true" or "false" ? new ReportCondition(column, ReportComparison.Equal, [key == "true"]) : null;
        return new ReportCondition(column, ReportComparison.Equal, [key]);
    }

    /// <summary>Rows in key order: stages in pipeline order, buckets by time, other keys by text; no value last.</summary>
    private sealed class RowOrder(ReportQuery query, ObjectDefinition obj) : IComparer<ReportResultRow>
    {
        public int Compare(ReportResultRow? x, ReportResultRow? y)
        {
            for (var i = 0; i < query.Groups.Count; i++)
            {
                var order = Rank(query.Groups[i].Column, x!.Keys[i]).CompareTo(Rank(query.Groups[i].Column, y!.Keys[i]));
                if (order == 0) order = string.CompareOrdinal(x.Keys[i], y.Keys[i]);
                if (order != 0) return order;
            }
            return 0;
        }

        private int Rank(ReportColumn column, string? key)
        {
            if (key is null) return int.MaxValue;
            if (column.SystemColumn == "stage" && obj.Pipeline is { } pipeline)
                return pipeline.Stages.Select((s, i) => (s, i)).FirstOrDefault(p => p.s.Name == key, (null!, int.MaxValue - 1)).Item2;
            if (column.Field is { Options.Count: > 0 } field)
                return field.Options.Select((o, i) => (o, i)).FirstOrDefault(p => p.o.Name == key, (null!, int.MaxValue - 1)).Item2;
            return 0;
        }
    }
}
