using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Which days of some periods a dashboard may take from the rollups, and which instants it must read from the
/// history. A stored day is only used when it lies wholly inside or wholly outside each period (so its facts
/// fall where their day's first instant does) and nothing marked it for rebuilding; the rest of the periods —
/// cut days at their ends, marked days — is read raw.
/// </summary>
internal sealed class DayPlan
{
    private readonly Dictionary<int, DateTime> _stored = [];

    private DayPlan(AnalyticsCalendar calendar) => Calendar = calendar;

    public AnalyticsCalendar Calendar { get; }
    public int FirstDay { get; private set; }
    public int LastDay { get; private set; }
    public DateTime Start { get; private set; }
    public DateTime End { get; private set; }

    /// <summary>The instants to read from the history, merged and in order.</summary>
    public List<(DateTime Start, DateTime End)> Raw { get; } = [];

    public int RawDays { get; private set; }

    /// <summary>The first instant of <paramref name="day"/> when it is taken from the rollups.</summary>
    public bool Stored(int day, out DateTime start) => _stored.TryGetValue(day, out start);

    public static DayPlan For(IReadOnlyList<Period> periods, AnalyticsCalendar calendar)
    {
        var plan = new DayPlan(calendar)
        {
            Start = periods.Min(p => p.Start),
            End = periods.Max(p => p.End),
        };
        plan.FirstDay = calendar.DayOf(plan.Start).DayNumber;
        plan.LastDay = calendar.DayOf(plan.End.AddTicks(-1)).DayNumber;
        return plan;
    }

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
            var whole = periods.All(p => (start >= p.Start && end <= p.End) || end <= p.Start || start >= p.End);
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
        return this;
    }
}
