using System.Net;
using System.Text;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Reports;

public sealed class ReportsPagesOnSqlite(SqlitePortal server) : ReportsPagesTests(server), IClassFixture<SqlitePortal>;

/// <summary>
/// The report pages: the list, a run with its table and chart data, a row's drill-down whose total
/// equals the row's count, and the CSV export with a formula-looking deal name defused.
/// </summary>
public abstract class ReportsPagesTests(PortalServer server)
{
    private async Task<(string Prefix, string ReportId)> SeedAsync()
    {
        var prefix = Deals.Unique("pg");
        using var admin = await server.SignInAsync(TestUsers.Admin);
        foreach (var (name, amount) in new[] { ($"=HYPERLINK(\"x\") {prefix}", 10m), ($"{prefix} b", 20m), ($"{prefix} b2", 30m) })
            await Deals.CreateAsync(admin, new { name, amount, source = "website" });
        var report = await (await admin.PostJsonAsync("/api/v1/reports", new
        {
            name = $"Pages {prefix}",
            @object = "deal",
            filters = new object[] { new { field = "name", @operator = "contains", value = prefix } },
            groupBy = new object[] { new { field = "source" } },
            measures = new object[] { new { aggregate = "count" }, new { aggregate = "sum", field = "amount" } },
            display = "pie",
        })).AssertOkAsync(HttpStatusCode.Created);
        return (prefix, report.GetProperty("id").GetString()!);
    }

    [Fact]
    public async Task ReportPage_ShowsTheTableAndChartData_AndTheRowsDrillDownListsAsManyRecordsAsItCounts()
    {
        var (_, id) = await SeedAsync();
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);

        var index = await pages.GetStringAsync("/reports");
        var view = await pages.GetStringAsync($"/reports/{id}");
        var cell = System.Text.RegularExpressions.Regex.Match(view, "href=\"(/reports/[^\"]+/records\\?cell=[^\"]*)\"").Groups[1].Value;
        var records = await pages.GetStringAsync(WebUtility.HtmlDecode(cell));

        Assert.Contains($"href=\"/reports/{id}\"", index);
        Assert.Contains("id=\"fs-report-data\"", view);
        Assert.Contains("Website", view);
        Assert.Contains("3 records", records);
        var list = records[records.IndexOf("id=\"fs-report-records\"", StringComparison.Ordinal)..];
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(list[..list.IndexOf("</ul>", StringComparison.Ordinal)], "href=\"/o/deal/").Count);
    }

    [Fact]
    public async Task ExportCsv_HasTheHeaderAndRows_AndDefusesAFormulaInALabel()
    {
        var (prefix, _) = await SeedAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var byName = await (await admin.PostJsonAsync("/api/v1/reports", new
        {
            name = $"Names {prefix}",
            @object = "deal",
            filters = new object[] { new { field = "name", @operator = "contains", value = prefix } },
            groupBy = new object[] { new { field = "name" } },
            measures = new object[] { new { aggregate = "sum", field = "amount" } },
            display = "table",
        })).AssertOkAsync(HttpStatusCode.Created);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);

        var response = await pages.GetAsync($"/reports/{byName.GetProperty("id").GetString()}/export.csv");
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines[0].Contains(",Sum of ", StringComparison.Ordinal), lines[0]);
        Assert.Contains($"\"'=HYPERLINK(\"\"x\"\") {prefix}\",10", lines);
        Assert.Contains($"{prefix} b,20", lines);
        Assert.Equal(4, lines.Length);
    }
}
