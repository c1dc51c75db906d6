using FunnelStudio.Analytics.Forecast;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>Facts grouped by owner, day (in the calendar's zone), kind and stage, as they arrive.</summary>
internal sealed class DayGroups(AnalyticsCalendar calendar)
{
    private readonly Dictionary<(string Owner, int Day, FactKind Kind, string Stage), FactGroup> _groups = [];
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    public void Add(DayFact fact)
    {
        var key = (fact.Owner, calendar.DayOf(fact.At).DayNumber, fact.Kind, fact.Stage);
        if (_groups.TryGetValue(key, out var group)) group.Add(fact);
        else _groups[(Name(fact.Owner), key.DayNumber, fact.Kind, Name(fact.Stage))] = FactGroup.Of(fact with { Owner = Name(fact.Owner), Stage = Name(fact.Stage) });
    }

    /// <summary>The rows in (owner, kind, day) order, the index's: a build writes them so, and a figure's rows lie together on disk.</summary>
    public List<DayRollupRow> ToRows(string obj) =>
        _groups.OrderBy(g => g.Key.Owner, StringComparer.Ordinal).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Day)
            .ThenBy(g => g.Key.Stage, StringComparer.Ordinal)
            .Select(g => new DayRollupRow
            {
                Object = obj, OwnerId = g.Key.Owner, Day = g.Key.Day, Kind = (short)g.Key.Kind, Stage = g.Key.Stage,
                Count = g.Value.Count, AmountSum = g.Value.AmountSum, AmountCount = g.Value.AmountCount, ValueSum = g.Value.ValueSum,
                Values = g.Value.Values.Count == 0 ? null : FactGroup.Encode(g.Value.Values),
                Bounded = g.Value.Bounded.Count == 0 ? null : FactGroup.Encode(g.Value.Bounded),
            }).ToList();

    /// <summary>One string per owner and stage name, not one per row read.</summary>
    private string Name(string name)
    {
        if (_names.TryGetValue(name, out var kept)) return kept;
        return _names[name] = name;
    }
}
