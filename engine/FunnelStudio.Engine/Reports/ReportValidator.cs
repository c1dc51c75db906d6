using FunnelStudio.Access;
using FunnelStudio.Metadata;

namespace FunnelStudio.Reports;

/// <summary>
/// Checks a report definition against the package and, for a user, against what they may read:
/// every problem with its code and JSON path, not only the first (the loader's rule for config).
/// A field the user may not read is <c>REPORT_FIELD_FORBIDDEN</c> wherever it appears — in a filter
/// it would tell what the field holds as surely as a column would.
/// </summary>
public static class ReportValidator
{
    public const int MaxGroups = 2;
    public static readonly IReadOnlyList<string> Displays = ["table", "bar", "line", "funnel", "pie"];
    public static readonly IReadOnlyList<string> Aggregates = ["count", "sum", "avg", "min", "max"];
    public static readonly IReadOnlyList<string> Buckets = ["day", "week", "month", "quarter"];

    /// <summary>Every problem of <paramref name="report"/> in <paramref name="package"/>; with <paramref name="access"/> (the user's access to an object) also what the user may not read — null checks the definition alone (a package's report).</summary>
    public static IReadOnlyList<ReportProblem> Validate(ReportDefinition report, PackageDefinition package, Func<ObjectDefinition, ObjectAccess?>? access = null)
    {
        var problems = new List<ReportProblem>();
        if (string.IsNullOrWhiteSpace(report.Name)) problems.Add(new(ReportCodes.Required, "$.name", "A report needs a name."));
        else if (report.Name.Length > 200) problems.Add(new(ReportCodes.Value, "$.name", "A report's name is at most 200 characters."));
        if (!Displays.Contains(report.Display))
            problems.Add(new(ReportCodes.Display, "$.display", $"Display '{report.Display}' is not one of {string.Join(", ", Displays)}."));
        if (report.Match is not ("all" or "any"))
            problems.Add(new(ReportCodes.Match, "$.match", $"Match '{report.Match}' is neither 'all' nor 'any'."));
        foreach (var (role, i) in report.SharedWith.Select((r, i) => (r, i)))
            if (package.Roles.All(r => r.Name != role))
                problems.Add(new(ReportCodes.UnknownRole, $"$.sharedWith[{i}]", $"The package has no role '{role}'."));
        if (package.Object(report.Object) is not { } obj)
        {
            problems.Add(new(ReportCodes.UnknownObject, "$.object", $"The package has no object '{report.Object}'."));
            return problems;
        }
        var objectAccess = access?.Invoke(obj);
        if (access is not null && objectAccess is not { CanReadAny: true })
        {
            problems.Add(new(ReportCodes.UnknownObject, "$.object", $"You may not read the records of '{report.Object}'."));
            return problems;
        }
        var columns = new ColumnCheck(obj, objectAccess, problems);
        for (var i = 0; i < report.Filters.Count; i++) CheckFilter(report.Filters[i], $"$.filters[{i}]", columns, problems);
        if (report.GroupBy.Count > MaxGroups)
            problems.Add(new(ReportCodes.TooManyGroups, "$.groupBy", $"A report groups by at most {MaxGroups} keys, not {report.GroupBy.Count}."));
        for (var i = 0; i < report.GroupBy.Count; i++) CheckGroup(report.GroupBy[i], $"$.groupBy[{i}]", columns, problems);
        if (report.Measures.Count == 0) problems.Add(new(ReportCodes.Required, "$.measures", "A report needs at least one measure."));
        for (var i = 0; i < report.Measures.Count; i++) CheckMeasure(report.Measures[i], $"$.measures[{i}]", columns, problems);
        foreach (var duplicate in report.Measures.GroupBy(m => m.Key).Where(g => g.Count() > 1))
            problems.Add(new(ReportCodes.Value, "$.measures", $"The measure '{duplicate.Key}' is listed twice."));
        return problems;
    }

    private static void CheckFilter(ReportFilter filter, string path, ColumnCheck columns, List<ReportProblem> problems)
    {
        if (columns.Resolve(filter.Field, path + ".field") is not { } column) return;
        if (!column.Operators.Contains(filter.Operator))
        {
            problems.Add(new(ReportCodes.Operator, path + ".operator",
                $"'{filter.Operator}' is not an operator for '{filter.Field}'; use one of {string.Join(", ", column.Operators)}."));
            return;
        }
        var written = ReportValues.Written(filter);
        var arity = ReportValues.Arity(filter.Operator);
        if (arity >= 0 && written.Count != arity || arity < 0 && written.Count == 0)
        {
            problems.Add(new(ReportCodes.Value, path + (arity == 1 ? ".value" : ".values"), arity switch
            {
                0 => $"'{filter.Operator}' takes no value.",
                1 => $"'{filter.Operator}' takes one value.",
                2 => $"'{filter.Operator}' takes two values (from, to).",
                _ => $"'{filter.Operator}' takes at least one value.",
            }));
            return;
        }
        var parsed = new List<object?>();
        for (var i = 0; i < written.Count; i++)
        {
            var value = ReportValues.Parse(column, filter.Operator, written[i]);
            if (value is null)
                problems.Add(new(ReportCodes.Value, filter.Values.Count > 0 ? $"{path}.values[{i}]" : path + ".value",
                    $"'{written[i]}' is not a valid value for '{filter.Field}' ({column.Kind.ToString().ToLowerInvariant()})."));
            parsed.Add(value);
        }
        if (parsed.Any(p => p is null)) return;
        CheckPeriod(filter, column, parsed, path, problems);
    }

    private static void CheckPeriod(ReportFilter filter, ReportColumn column, List<object?> parsed, string path, List<ReportProblem> problems)
    {
        if (filter.Operator == "lastNDays" && (int)parsed[0]! > ReportValues.MaxLastDays)
            problems.Add(new(ReportCodes.PeriodTooLong, path + ".value", $"A period is at most {ReportValues.MaxYears} years ({ReportValues.MaxLastDays} days)."));
        if (filter.Operator != "between") return;
        if (column.IsDate && parsed[0] is DateOnly from && parsed[1] is DateOnly to)
        {
            if (to < from) problems.Add(new(ReportCodes.Value, path + ".values", "The period ends before it starts."));
            else if (from.AddYears(ReportValues.MaxYears) < to)
                problems.Add(new(ReportCodes.PeriodTooLong, path + ".values", $"A period is at most {ReportValues.MaxYears} years."));
        }
        if (parsed[0] is decimal low && parsed[1] is decimal high && high < low)
            problems.Add(new(ReportCodes.Value, path + ".values", "The range ends below where it starts."));
    }

    private static void CheckGroup(ReportGrouping group, string path, ColumnCheck columns, List<ReportProblem> problems)
    {
        if (columns.Resolve(group.Field, path + ".field") is not { } column) return;
        if (column.IsDate)
        {
            if (group.Bucket is null || !Buckets.Contains(group.Bucket))
                problems.Add(new(ReportCodes.GroupType, path + ".bucket", $"Grouping by the date '{group.Field}' needs a bucket: {string.Join(", ", Buckets)}."));
            return;
        }
        if (group.Bucket is not null)
            problems.Add(new(ReportCodes.GroupType, path + ".bucket", $"'{group.Field}' is not a date; only dates take a bucket."));
        if (column.Kind is ReportValueKind.Number or ReportValueKind.Unsupported)
            problems.Add(new(ReportCodes.GroupType, path + ".field", $"'{group.Field}' cannot be grouped by; group by a text, choice, user, yes/no or date field."));
    }

    private static void CheckMeasure(ReportMeasure measure, string path, ColumnCheck columns, List<ReportProblem> problems)
    {
        if (!Aggregates.Contains(measure.Aggregate))
        {
            problems.Add(new(ReportCodes.MeasureType, path + ".aggregate", $"'{measure.Aggregate}' is not one of {string.Join(", ", Aggregates)}."));
            return;
        }
        if (measure.Aggregate == "count")
        {
            if (measure.Field is not null) problems.Add(new(ReportCodes.MeasureType, path + ".field", "count takes no field."));
            return;
        }
        if (measure.Field is null)
        {
            problems.Add(new(ReportCodes.Required, path + ".field", $"{measure.Aggregate} needs a number, currency or percent field."));
            return;
        }
        if (columns.Resolve(measure.Field, path + ".field") is { Kind: not ReportValueKind.Number })
            problems.Add(new(ReportCodes.MeasureType, path + ".field",
                $"{measure.Aggregate} needs a number, currency or percent field; '{measure.Field}' is not one."));
    }

    /// <summary>Resolves names once per report and reports unknown and unreadable ones.</summary>
    private sealed class ColumnCheck(ObjectDefinition obj, ObjectAccess? access, List<ReportProblem> problems)
    {
        public ReportColumn? Resolve(string name, string path)
        {
            if (ReportColumn.Resolve(obj, name) is not { } column)
            {
                problems.Add(new(ReportCodes.UnknownField, path, $"'{obj.Name}' has no field '{name}'."));
                return null;
            }
            if (access is not null && column.Field is { } field && access.IsHidden(field.Name))
            {
                problems.Add(new(ReportCodes.FieldForbidden, path, $"You may not read the field '{name}'."));
                return null;
            }
            if (column.Kind == ReportValueKind.Unsupported)
            {
                problems.Add(new(ReportCodes.GroupType, path, $"'{name}' (long text or multi-select) cannot be used in a report."));
                return null;
            }
            return column;
        }
    }
}
