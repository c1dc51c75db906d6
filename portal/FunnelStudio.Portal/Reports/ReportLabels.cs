using System.Globalization;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Reports;
using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Reports;

/// <summary>
/// What a group key reads as in the UI locale: stage and option labels, users' display names, yes/no,
/// a bucket's period (<c>2026-03</c>, <c>2026 Q1</c>, the week's Monday, the day); "(none)" for no value.
/// </summary>
public sealed class ReportLabels(IPackageRuntime runtime, IUserDirectory users)
{
    public async Task<IReadOnlyList<IReadOnlyList<string>>> RowsAsync(ReportResult result, string locale, string none, string yes, string no,
        CancellationToken cancellationToken)
    {
        var names = (await users.AllAsync(cancellationToken)).ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        var obj = runtime.Current.Definition.Object(result.Report.Object);
        return result.Rows.Select(row => (IReadOnlyList<string>)row.Keys.Select((key, i) =>
            Label(result.Groups[i], key, obj, names, locale, none, yes, no)).ToList()).ToList();
    }

    /// <summary>The label of a column (a field's label, or the system column's name as given).</summary>
    public string ColumnLabel(ReportDefinition report, string field, string locale, Func<string, string> system)
    {
        var obj = runtime.Current.Definition.Object(report.Object);
        return field switch
        {
            ReportColumn.Stage or ReportColumn.Owner or ReportColumn.CreatedAt or ReportColumn.UpdatedAt when obj?.Field(field) is null => system(field),
            _ => obj?.Field(field)?.Label.Get(locale) is { Length: > 0 } label ? label : field,
        };
    }

    private static string Label(ReportResultColumn group, string? key, ObjectDefinition? obj, Dictionary<string, string> names, string locale,
        string none, string yes, string no)
    {
        if (key is null) return none;
        var column = group.Column;
        if (group.Bucket is { } bucket && DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return bucket switch
            {
                "month" => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                "quarter" => $"{day.Year} Q{(day.Month - 1) / 3 + 1}",
                _ => key,
            };
        if (column?.SystemColumn == "stage" && obj?.Pipeline?.Find(key) is { } stage) return stage.Label.Get(locale);
        if (column?.Kind == ReportValueKind.User) return names.GetValueOrDefault(key, key);
        if (column?.Kind == ReportValueKind.Boolean) return key == "true" ? yes : no;
        if (column?.Field is { Options.Count: > 0 } field && field.Options.FirstOrDefault(o => o.Name == key) is { } option) return option.Label.Get(locale);
        return key;
    }
}
