using System.Globalization;
using System.Text;

namespace FunnelStudio.Portal.Reports;

/// <summary>
/// A report's table as CSV (RFC 4180: fields with a comma, quote or line break are quoted, quotes
/// doubled), UTF-8 with a BOM so spreadsheet programs read Chinese labels. A cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return is prefixed with <c>'</c>: a
/// spreadsheet would otherwise run it as a formula (CSV injection). Numbers are written invariant.
/// </summary>
public static class ReportCsv
{
    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        Line(text, header);
        foreach (var row in rows) Line(text, row);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static string Number(decimal? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";

    /// <summary>A text cell made safe: a leading formula character gets a quote in front.</summary>
    public static string Guard(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        text.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
