namespace FunnelStudio.Reports;

/// <summary>
/// A report's answer: one row per combination of group keys that has records, in key order, with
/// one value per measure. Keys are raw (stage and option names, user ids, <c>true</c>/<c>false</c>,
/// a bucket's first day <c>yyyy-MM-dd</c>); null is "no value". The portal turns them into labels
/// (stage and option labels in the UI locale, users' display names).
/// </summary>
public sealed record ReportResult(ReportDefinition Report, IReadOnlyList<ReportResultColumn> Groups, IReadOnlyList<ReportResultColumn> Measures,
    IReadOnlyList<ReportResultRow> Rows)
{
    /// <summary>The time zone date buckets and date filters were taken in.</summary>
    public string TimeZone { get; init; } = "UTC";
}

/// <summary>A group or measure column: its key (<c>stage</c>, <c>count</c>, <c>sum_amount</c>) and the column it reads.</summary>
public sealed record ReportResultColumn(string Key, ReportColumn? Column)
{
    /// <summary>For a date group: its bucket.</summary>
    public string? Bucket { get; init; }
}

public sealed record ReportResultRow(IReadOnlyList<string?> Keys, IReadOnlyList<decimal?> Values)
{
    /// <summary>The row's cell id for a drill-down link: its keys, in order (see <see cref="ReportCell"/>).</summary>
    public string Cell => ReportCell.Format(Keys);
}

/// <summary>
/// A drill-down cell written in a URL: the group keys joined by <c>|</c>, each escaped (<c>%7C</c>,
/// <c>%25</c>) and <c>~</c> for "no value". An empty string is the whole report (no groups).
/// </summary>
public static class ReportCell
{
    private const string NoValue = "~";

    public static string Format(IReadOnlyList<string?> keys) =>
        string.Join('|', keys.Select(k => k is null ? NoValue : k.Replace("%", "%25").Replace("|", "%7C").Replace("~", "%7E")));

    /// <summary>The keys of a cell id, or null when it does not have <paramref name="groups"/> keys.</summary>
    public static IReadOnlyList<string?>? Parse(string? cell, int groups)
    {
        if (groups == 0) return string.IsNullOrEmpty(cell) ? [] : null;
        if (cell is null) return null;
        var parts = cell.Split('|');
        if (parts.Length != groups) return null;
        return parts.Select(p => p == NoValue ? null : p.Replace("%7E", "~").Replace("%7C", "|").Replace("%25", "%")).ToList();
    }
}
