using System.Globalization;
using System.Text;

namespace FunnelStudio.Portal.Analytics;

/// <summary>
/// One cell of an analytics table: the text shown, the drill-down link of the figure (when it is
/// one), a stable <see cref="Fig"/> naming the figure (<c>funnel.sql</c>, <c>kpi.won.prev</c>) for
/// scripts and tests, and the value the CSV gets (an invariant number, or the text).
/// </summary>
public sealed record AnalyticsCell(string Text, string? Url = null, string? Fig = null, string? Csv = null, bool Number = false)
{
    public static AnalyticsCell Label(string text) => new(text);

    public static AnalyticsCell Of(long value, string? url = null, string? fig = null) =>
        new(AnalyticsView.Count(value), url, fig, value.ToString(CultureInfo.InvariantCulture), true);

    public static AnalyticsCell Of(double? value, string text, string? url = null, string? fig = null) =>
        new(text, url, fig, value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "", true);

    public static AnalyticsCell Of(decimal? value, string? url = null, string? fig = null) =>
        new(AnalyticsView.Amount(value), value is null ? null : url, fig, value?.ToString(CultureInfo.InvariantCulture) ?? "", true);
}

/// <summary>A table of the dashboard: shown on the page and exported as CSV from the same rows.</summary>
public sealed record AnalyticsTable(string Id, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<AnalyticsCell>> Rows)
{
    /// <summary>
    /// The table as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read Chinese). A text cell starting
    /// with = + - @ (or a tab or carriage return) gets a leading ' so a spreadsheet shows it rather than
    /// runs it as a formula — owner names and labels are written by people.
    /// </summary>
    public byte[] ToCsv()
    {
        var csv = new StringBuilder();
        csv.AppendJoin(',', Headers.Select(h => Quote(Guard(h)))).Append("\r\n");
        foreach (var row in Rows)
            csv.AppendJoin(',', row.Select(c => Quote(c.Number ? c.Csv ?? "" : Guard(c.Csv ?? c.Text)))).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    /// <summary>Text that a spreadsheet would read as a formula, made plain text.</summary>
    public static string Guard(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
