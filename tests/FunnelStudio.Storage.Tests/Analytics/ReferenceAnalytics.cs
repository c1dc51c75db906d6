using FunnelStudio.Analytics;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// The analytics definitions computed again in plain C# from the generated histories, without any
/// SQL and without reading the engine's implementation: the known answers the service must give.
/// One instance is one base set F (object, owners, picklist filters) as a user with or without the
/// amount field sees it; every figure also says which records it counts, for the drill-downs.
/// </summary>
public sealed class ReferenceAnalytics(IReadOnlyList<KnownRecord> all, IReadOnlyList<string>? owners,
    IReadOnlyList<AnalyticsFieldFilter> fields, bool amountVisible, int defaultStalledDays)
{
    private readonly IReadOnlyList<KnownRecord> _base = all
        .Where(r => r.Object == HistoryGenerator.Object && !r.Deleted)
        .Where(r => owners is null || (r.OwnerId is not null && owners.Contains(r.OwnerId)))
        .Where(r => fields.All(f => Value(r, f.Field) == f.Value))
        .ToList();

    public IReadOnlyList<KnownRecord> Base => _base;

    public static string? Value(KnownRecord record, string field) => field switch
    {
        "channel" => record.Channel,
        "segment" => record.Segment,
        _ => throw new ArgumentException($"The test data has no picklist {field}."),
    };

    /// <summary>The split key of a record: its owner or picklist value, "" for none.</summary>
    public static string SplitKey(KnownRecord record, string split) =>
        (split == "owner" ? record.OwnerId : Value(record, split)) ?? "";

    /// <summary>The reference of one slice: this base set narrowed to records with that split key.</summary>
    public ReferenceAnalytics Slice(string split, string key) =>
        new(_base.Where(r => SplitKey(r, split) == key).ToList(), null, [], amountVisible, defaultStalledDays);

    /// <summary>Every split key of the base set (the slices a split may show).</summary>
    public IReadOnlyList<string> Keys(string split) => _base.Select(r => SplitKey(r, split)).Distinct().Order(StringComparer.Ordinal).ToList();

    public IReadOnlyList<KnownRecord> Created(Period p) => _base.Where(r => In(r.CreatedAt, p)).ToList();

    /// <summary>The record's closing in the period: its last move into a terminal stage within it (by time, then id).</summary>
    public static KnownMove? Closing(KnownRecord r, Period p) => r.Moves
        .Where(m => !KnownStage.Named(m.To).IsOpen && In(m.At, p))
        .OrderBy(m => m.At).ThenBy(m => m.Id).LastOrDefault();

    public IReadOnlyList<(KnownRecord Record, KnownMove Move)> Closings(Period p, bool won) => _base
        .Select(r => (Record: r, Move: Closing(r, p)))
        .Where(c => c.Move is not null && KnownStage.Named(c.Move.To).IsWon == won)
        .Select(c => (c.Record, c.Move!))
        .ToList();

    public PeriodKpis Kpis(Period p)
    {
        var won = Closings(p, won: true);
        var amounts = won.Where(w => w.Move.Amount is not null).Select(w => w.Move.Amount!.Value).ToList();
        var cycles = won.Select(w => (w.Move.At - w.Record.CreatedAt).TotalDays).ToList();
        return new PeriodKpis(Created(p).Count, won.Count, Closings(p, won: false).Count,
            amountVisible ? amounts.Sum() : null,
            amountVisible && amounts.Count > 0 ? amounts.Sum() / amounts.Count : null,
            Percentile(cycles, 0.5), cycles.Count > 0 ? cycles.Average() : null);
    }

    /// <summary>Period mode: records with a move into the stage in the period.</summary>
    public IReadOnlyList<KnownRecord> Entered(Period p, string stage) =>
        _base.Where(r => r.Moves.Any(m => m.To == stage && In(m.At, p))).ToList();

    /// <summary>Cohort mode: created in the period and reached the stage (a lost stage: is in it now).</summary>
    public IReadOnlyList<KnownRecord> Reached(Period p, string stage)
    {
        var s = KnownStage.Named(stage);
        return Created(p).Where(r => s.IsLost ? r.Stage == stage : Reach(r) >= s.Index).ToList();
    }

    /// <summary>The furthest pipeline index among the stages the record ever entered, lost stages aside.</summary>
    public static int Reach(KnownRecord r) => r.Moves.Select(m => KnownStage.Named(m.To)).Where(s => !s.IsLost).Max(s => s.Index);

    public IReadOnlyList<KnownRecord> FunnelSet(Period p, string stage, FunnelMode mode) =>
        mode == FunnelMode.Cohort ? Reached(p, stage) : Entered(p, stage);

    public decimal? SumAmount(IEnumerable<KnownRecord> records) => SumOf(records.Select(r => r.Amount));

    /// <summary>The funnel's steps (open and won stages in order, with conversions) and its lost steps.</summary>
    public (IReadOnlyList<FunnelStep> Steps, IReadOnlyList<FunnelStep> Lost) Funnel(Period p, FunnelMode mode)
    {
        var steps = new List<FunnelStep>();
        foreach (var stage in KnownStage.Pipeline.Where(s => !s.IsLost))
        {
            var set = FunnelSet(p, stage.Name, mode);
            var previous = steps.Count == 0 ? (long?)null : steps[^1].Count;
            steps.Add(new FunnelStep(stage.Name, set.Count, SumAmount(set))
            {
                ConversionFromPrevious = previous is > 0 ? (double)set.Count / previous.Value : null,
            });
        }
        var lost = KnownStage.Pipeline.Where(s => s.IsLost)
            .Select(s => FunnelSet(p, s.Name, mode)).Zip(KnownStage.Pipeline.Where(s => s.IsLost))
            .Select(x => new FunnelStep(x.Second.Name, x.First.Count, SumAmount(x.First))).ToList();
        return (steps, lost);
    }

    /// <summary>The moves out of the stage in the period (time in stage).</summary>
    public IReadOnlyList<(KnownRecord Record, KnownMove Move)> MovesOut(Period p, string stage) => _base
        .SelectMany(r => r.Moves.Where(m => m.From == stage && In(m.At, p)).Select(m => (r, m))).ToList();

    public StageTime TimeIn(Period p, string stage)
    {
        var moves = MovesOut(p, stage);
        var days = moves.Select(m => m.Move.SecondsInPrevious!.Value / 86400).ToList();
        return new StageTime(stage, moves.Select(m => m.Record.Id).Distinct().Count(), Percentile(days, 0.5), Percentile(days, 0.75));
    }

    public IReadOnlyList<KnownRecord> Open(string? stage) =>
        _base.Where(r => KnownStage.Named(r.Stage).IsOpen && (stage is null || r.Stage == stage)).ToList();

    public int StalledDays(string stage) => KnownStage.Named(stage).StalledAfterDays ?? defaultStalledDays;

    public IReadOnlyList<KnownRecord> Stalled(string? stage, DateTime now) =>
        Open(stage).Where(r => r.StageEnteredAt < now.AddDays(-StalledDays(r.Stage))).ToList();

    public StagePipeline Pipeline(string stage, DateTime now)
    {
        var open = Open(stage);
        var probability = KnownStage.Named(stage).Probability;
        return new StagePipeline(stage, open.Count, SumAmount(open), SumOf(open.Select(r => r.Amount * probability / 100)),
            Stalled(stage, now).Count, StalledDays(stage));
    }

    /// <summary>
    /// A sum of amounts: null only when the user may not see the amount field (null means hidden,
    /// as the spec's "null if the user can't see the amount field" says); 0 when nothing is summed.
    /// </summary>
    private decimal? SumOf(IEnumerable<decimal?> values) => amountVisible ? values.Sum(v => v ?? 0) : null;

    /// <summary>percentile_cont: linear interpolation between the closest ranks; null for no values.</summary>
    public static double? Percentile(IReadOnlyList<double> values, double fraction)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        var position = fraction * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }

    public static bool In(DateTime at, Period p) => at >= p.Start && at < p.End;

    /// <summary>Week (Monday 00:00) or month (1st 00:00) buckets in the zone, as UTC, clipped to the range.</summary>
    public static IReadOnlyList<Period> Buckets(Period range, TrendInterval interval, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(range.Start, zone).Date;
        var start = interval == TrendInterval.Month
            ? new DateTime(local.Year, local.Month, 1)
            : local.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        var buckets = new List<Period>();
        while (true)
        {
            var next = interval == TrendInterval.Month ? start.AddMonths(1) : start.AddDays(7);
            var from = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(start, DateTimeKind.Unspecified), zone);
            var to = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), zone);
            if (from >= range.End) break;
            buckets.Add(new Period(from < range.Start ? range.Start : from, to > range.End ? range.End : to));
            start = next;
        }
        return buckets;
    }
}
