using System.Globalization;

namespace FunnelStudio.Reports;

/// <summary>
/// Reads a filter's written values as the column's type: numbers invariant, dates <c>yyyy-MM-dd</c>,
/// booleans <c>true</c>/<c>false</c>, choices by option (or stage) name. Shared by the validator (which
/// reports what does not parse) and the planner (which only sees validated filters).
/// </summary>
public static class ReportValues
{
    /// <summary>The longest date range a filter may span (<c>REPORT_PERIOD_TOO_LONG</c> beyond).</summary>
    public const int MaxYears = 10;
    public const int MaxLastDays = 3653;

    /// <summary>The operators that take no value, one value, two values or a list.</summary>
    public static int Arity(string op) => op switch
    {
        "empty" or "notempty" => 0,
        "between" => 2,
        "in" => -1,
        _ => 1,
    };

    /// <summary>The typed value of one written value, or null when it does not parse.</summary>
    public static object? Parse(ReportColumn column, string op, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (op == "lastNDays")
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1 ? days : null;
        return column.Kind switch
        {
            ReportValueKind.Number => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? n : null,
            ReportValueKind.Date or ReportValueKind.Instant =>
                DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            ReportValueKind.Boolean => text switch { "true" => true, "false" => false, _ => null },
            ReportValueKind.Choice => IsChoice(column, text) ? text : null,
            _ => text,
        };
    }

    private static bool IsChoice(ReportColumn column, string text) => column.Field switch
    {
        null => true,
        { IsStageField: true } => true,
        { } field => field.Options.Count == 0 || field.HasOption(text),
    };

    /// <summary>The values a filter writes, in order: <see cref="ReportFilter.Value"/> or <see cref="ReportFilter.Values"/>.</summary>
    public static IReadOnlyList<string?> Written(ReportFilter filter) =>
        filter.Values.Count > 0 ? filter.Values.Cast<string?>().ToList() : filter.Value is null ? [] : [filter.Value];
}
