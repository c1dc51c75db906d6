using System.Net;
using System.Text.RegularExpressions;

namespace FunnelStudio.Portal.Tests.Analytics;

/// <summary>
/// Reads the dashboard's drill-down links (figure id, link, the number shown) and a record list's total
/// from the rendered HTML, for the tests that open every count and compare.
/// </summary>
internal static partial class DrillLinks
{
    public sealed record Link(string Url, string Fig, string Text);

    /// <summary>The links of the figures that count records (not amounts, rates or days), in page order.</summary>
    public static IReadOnlyList<Link> CountsIn(string html) => FigureLink().Matches(html)
        .Select(m => new Link(WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value, m.Groups[3].Value))
        .Where(l => CountFigure().IsMatch(l.Fig))
        .ToList();

    /// <summary>The total a record list shows (<c>#fs-drill-total</c>), or null when it shows none.</summary>
    public static string? TotalOf(string list) => DrillTotal().Match(list) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<a href=\"([^\"]+)\" class=\"fs-drill[^\"]*\" data-fig=\"([^\"]+)\">([^<]+)</a>")]
    private static partial Regex FigureLink();

    [GeneratedRegex(@"^(kpi\.(created|won|lost|closed|open|stalled)(\.prev)?|funnel\..+|time\..+|open\..+|stalled\..+|trend\.(created|won|lost)\..+)$")]
    private static partial Regex CountFigure();

    [GeneratedRegex("id=\"fs-drill-total\" data-total=\"(\\d+)\"")]
    private static partial Regex DrillTotal();
}
