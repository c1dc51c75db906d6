using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Which days of some periods a dashboard may take from the rollups, and which instants it must read from the
/// history. A stored day is only used when it lies wholly inside or wholly outside each period (so its facts
/// fall where their day's first instant does) and nothing marked it for rebuilding; the rest of the periods —
/// cut days at their ends, marked days — is read raw. A month that lies wholly inside some periods and outside
/// the others is read from its month rows instead of its days' rows, unless one of its days is marked: then its
/// days are read one by one like the others (<see cref="Unsplit"/>).
/// </summary>
internal sealed class DayPlan
{
    private readonly Dictionary<int, DateTime> _stored = [];
    private readonly Dictionary<int, DateTime> _months = [];

    private DayPlan(AnalyticsCalendar calendar) => Calendar = calendar;

    public AnalyticsCalendar Calendar { get; }
    public int FirstDay { get; private set; }
    public int LastDay { get; private set; }
    public DateTime Start { get; private set; }
    public DateTime End { get; private set; }

    /// <summary>The instants to read from the history, merged and in order.</summary>
    public List<(DateTime Start, DateTime End)> Raw { get; } = [];

    public int RawDays { get; private set; }

    /// <summary>The months whose month rows are asked for (first day, first day of the next month), in order.</summary>
    public List<(int First, int Next)> Months { get; } = [];

    /// <summary>Months asked for whose days turned out marked: their days' rows must be read too.</summary>
    public List<(int First, int Next)> Unsplit { get; } = [];

    /// <summary>The first instant of <paramref name="day"/> when it is taken from the rollups.</summary>
    public bool Stored(int day, out DateTime start) => _stored.TryGetValue(day, out start);

    /// <summary>The first instant of the month starting on <paramref name="first"/> when its month rows are used.</summary>
    public bool StoredMonth(int first, out DateTime start) => _months.TryGetValue(first, out start);

    /// <summary>The months asked for as ranges (first day of the first month, first day of the last month), consecutive months merged.</summary>
    public IEnumerable<(int First, int Last)> MonthRanges() => Merged(Months);

    /// <summary>The unsplit months' days as ranges (first, last).</summary>
    public IEnumerable<(int First, int Last)> UnsplitDays() => Merged(Unsplit).Select(r => (r.First, RollupSums.NextMonth(r.Last) - 1));

    private static IEnumerable<(int First, int Last)> Merged(List<(int First, int Next)> months)
    {
        for (var i = 0; i < months.Count;)
        {
            var j = i;
            while (j + 1 < months.Count && months[j + 1].First == months[j].Next) j++;
            yield return (months[i].First, months[j].First);
            i = j + 1;
        }
    }

    /// <summary>The day ranges (first, last) whose day rows are asked for: the plan's days outside <see cref="Months"/>.</summary>
    public IEnumerable<(int First, int Last)> DayRanges()
    {
        var from = FirstDay;
        foreach (var (first, next) in Months)
        {
            if (first > from) yield return (from, first - 1);
            from = next;
        }
        if (from <= LastDay) yield return (from, LastDay);
    }

    public static DayPlan For(IReadOnlyList<Period> periods, AnalyticsCalendar calendar)
    {
        var plan = new DayPlan(calendar)
        {
            Start = periods.Min(p => p.Start),
            End = periods.Max(p => p.End),
        };
        plan.FirstDay = calendar.DayOf(plan.Start).DayNumber;
        plan.LastDay = calendar.DayOf(plan.End.AddTicks(-1)).DayNumber;
        for (var first = RollupSums.MonthOf(plan.FirstDay); first <= plan.LastDay; first = RollupSums.NextMonth(first))
        {
            var next = RollupSums.NextMonth(first);
            if (first < plan.FirstDay || next - 1 > plan.LastDay) continue;
            var (start, end) = (calendar.StartUtc(DateOnly.FromDayNumber(first)), calendar.StartUtc(DateOnly.FromDayNumber(next)));
            if (periods.All(p => Whole(start, end, p)) && periods.Any(p => start >= p.Start && end <= p.End))
                plan.Months.Add((first, next));
        }
        return plan;
    }

    private static bool Whole(DateTime start, DateTime end, Period p) => (start >= p.Start && end <= p.End) || end <= p.Start || start >= p.End;

    /// <summary>Splits the days, leaving the days in <paramref name="marked"/> to the raw read.</summary>
    public DayPlan Split(IReadOnlyList<Period> periods, IReadOnlySet<int> marked)
    {
        var end = Calendar.StartUtc(DateOnly.FromDayNumber(FirstDay));
        for (var day = FirstDay; day <= LastDay; day++)
        {
            var start = end;
            end = Calendar.StartUtc(DateOnly.FromDayNumber(day + 1));
            var used = periods.Any(p => start < p.End && end > p.Start);
            if (!used) continue;
            var whole = periods.All(p => Whole(start, end, p));
            if (whole && !marked.Contains(day))
            {
                _stored[day] = start;
                continue;
            }
            RawDays++;
            var from = start < Start ? Start : start;
            var to = end > End ? End : end;
            if (Raw.Count > 0 && Raw[^1].End == from) Raw[^1] = (Raw[^1].Start, to);
            else Raw.Add((from, to));
        }
        // A month's days are all whole and used (it was chosen so); its month rows stand for them unless one is marked.
        foreach (var (first, next) in Months)
        {
            var clean = true;
            for (var day = first; day < next && clean; day++) clean = !marked.Contains(day);
            if (clean) _months[first] = _stored[first];
            else Unsplit.Add((first, next));
        }
        return this;
    }
}
