using FunnelStudio.Metadata;

namespace FunnelStudio.Reports;

/// <summary>
/// Turns a validated <see cref="ReportDefinition"/> into the store's <see cref="ReportQuery"/>:
/// columns resolved, values typed, date operators made ranges in the run's time zone
/// (<c>eq 2026-03-01</c> on a date-time is that local day's two midnights). Bucket boundaries come
/// later, once the store has told the range of the data (<see cref="ReportService"/>).
/// </summary>
public static class ReportPlanner
{
    public static ReportQuery Plan(ReportDefinition report, ObjectDefinition obj, ReportCalendar calendar, DateTime utcNow) =>
        new(obj.Name)
        {
            Conditions = report.Filters.Select(f => Condition(f, obj, calendar, utcNow)).ToList(),
            MatchAny = report.Match == "any",
            Groups = report.GroupBy.Select(g => new ReportGroupPlan(Column(obj, g.Field))).ToList(),
            Measures = report.Measures.Select(m => new ReportMeasurePlan(m.Aggregate, m.Field is null ? null : Column(obj, m.Field))).ToList(),
        };

    private static ReportColumn Column(ObjectDefinition obj, string name) =>
        ReportColumn.Resolve(obj, name) ?? throw new InvalidOperationException($"'{name}' was not validated.");

    private static ReportCondition Condition(ReportFilter filter, ObjectDefinition obj, ReportCalendar calendar, DateTime utcNow)
    {
        var column = Column(obj, filter.Field);
        var values = ReportValues.Written(filter).Select(v => ReportValues.Parse(column, filter.Operator, v)).ToList();
        if (column.IsDate) return DateCondition(column, filter.Operator, values, calendar, utcNow);
        var comparison = filter.Operator switch
        {
            "eq" => ReportComparison.Equal,
            "neq" => ReportComparison.NotEqual,
            "contains" => ReportComparison.Contains,
            "empty" => ReportComparison.Empty,
            "notempty" => ReportComparison.NotEmpty,
            "gt" => ReportComparison.Greater,
            "gte" => ReportComparison.GreaterOrEqual,
            "lt" => ReportComparison.Less,
            "lte" => ReportComparison.LessOrEqual,
            "in" => ReportComparison.In,
            "between" => ReportComparison.Range,
            _ => throw new InvalidOperationException($"'{filter.Operator}' was not validated."),
        };
        // A number range is inclusive at both ends, unlike date ranges: written as two conditions' worth in one.
        return comparison == ReportComparison.Range
            ? new ReportCondition(column, ReportComparison.Range, [values[0], values[1]]) { }
            : new ReportCondition(column, comparison, values);
    }

    /// <summary>Every date operator as a range [from, to) of days (dates) or of UTC instants (date-times).</summary>
    private static ReportCondition DateCondition(ReportColumn column, string op, List<object?> values, ReportCalendar calendar, DateTime utcNow)
    {
        var today = calendar.DayOf(utcNow);
        (DateOnly? from, DateOnly? to) days = op switch
        {
            "eq" => ((DateOnly)values[0]!, ((DateOnly)values[0]!).AddDays(1)),
            "before" => (null, (DateOnly)values[0]!),
            "after" => (((DateOnly)values[0]!).AddDays(1), null),
            "between" => ((DateOnly)values[0]!, ((DateOnly)values[1]!).AddDays(1)),
            "lastNDays" => (today.AddDays(1 - (int)values[0]!), today.AddDays(1)),
            _ => throw new InvalidOperationException($"'{op}' was not validated."),
        };
        return new ReportCondition(column, ReportComparison.Range, [Bound(column, days.from, calendar), Bound(column, days.to, calendar)]);
    }

    /// <summary>A day as a bound of <paramref name="column"/>: the day itself for dates, its local midnight in UTC for instants.</summary>
    public static object? Bound(ReportColumn column, DateOnly? day, ReportCalendar calendar) =>
        day is not { } d ? null : column.Kind == ReportValueKind.Date ? d : calendar.StartOf(d);
}
