using System.Net;
using System.Text.Json;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Analytics.Forecast;

public sealed class ForecastApiOnSqlite(SqlitePortal server) : ForecastApiTests(server), IClassFixture<SqlitePortal>;

public sealed class ForecastApiOnPostgres(PostgresPortal server) : ForecastApiTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// The forecast over HTTP on the demo data: bad input answers problem+json with its code (never 500),
/// a rep's figures and lists hold only their own records, every drill-down list counts what its figure
/// says, and the page, its records list and its CSV render for a signed-in user.
/// </summary>
public abstract class ForecastApiTests(PortalServer server)
{
    private const string Url = "/api/v1/analytics/forecast";

    [Theory]
    [InlineData("?from=2025-13", 400, "BAD_REQUEST")]
    [InlineData("?from=abc", 400, "BAD_REQUEST")]
    [InlineData("?to=9999-12", 400, "BAD_REQUEST")]
    [InlineData("?from=0001-01&to=0001-02", 400, "BAD_REQUEST")]
    [InlineData("?object=nope", 400, "ANALYTICS_UNKNOWN_OBJECT")]
    [InlineData("?object=Deal%27%3B--", 400, "ANALYTICS_UNKNOWN_OBJECT")]
    [InlineData("?object=account", 422, "ANALYTICS_NO_PIPELINE")]
    [InlineData("?from=2025-06&to=2025-01", 400, "ANALYTICS_PERIOD")]
    [InlineData("?from=2010-01&to=2025-01", 400, "ANALYTICS_PERIOD")]
    [InlineData("/records", 400, "BAD_REQUEST")]
    [InlineData("/records?month=2025-02&kind=lost", 400, "BAD_REQUEST")]
    [InlineData("/records?month=2025-02&pageSize=500", 400, "BAD_REQUEST")]
    [InlineData("/records?month=2025-02&object=nope", 400, "ANALYTICS_UNKNOWN_OBJECT")]
    public async Task BadInput_AnswersProblemWithItsCode(string query, int status, string code)
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        await (await admin.GetAsync(Url + query)).AssertProblemAsync((HttpStatusCode)status, code);
    }

    [Fact]
    public async Task Rep_GetsOnlyTheirOwnWins_AndEachListCountsItsFigure()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var all = await (await admin.GetAsync(Url)).AssertOkAsync();
        var mine = await (await rep.GetAsync(Url)).AssertOkAsync();

        var allWon = Won(all);
        var mineWon = Won(mine);
        Assert.True(allWon.Sum(m => m.Count) > mineWon.Sum(m => m.Count), "the admin sees more wins than one rep");
        Assert.True(mineWon.Sum(m => m.Count) > 0, "the demo rep has won deals");

        var owners = new HashSet<string?>();
        var repOwners = new HashSet<string?>();
        foreach (var (month, count, amount) in allWon)
        {
            var list = await (await admin.GetAsync($"{Url}/records?month={month}&kind=won&pageSize=200")).AssertOkAsync();
            Assert.Equal((count, amount), (list.GetProperty("total").GetInt32(), list.GetProperty("amount").GetDecimal()));
            owners.UnionWith(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("ownerId").GetString()));
        }
        foreach (var (month, count, amount) in mineWon)
        {
            var list = await (await rep.GetAsync($"{Url}/records?month={month}&kind=won&pageSize=200")).AssertOkAsync();
            Assert.Equal((count, amount), (list.GetProperty("total").GetInt32(), list.GetProperty("amount").GetDecimal()));
            repOwners.UnionWith(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("ownerId").GetString()));
        }
        var repId = Assert.Single(repOwners);
        var other = owners.First(o => o is not null && o != repId);
        var asked = await (await rep.GetAsync($"{Url}?owner={Uri.EscapeDataString(other!)}")).AssertOkAsync();
        Assert.All(Won(asked), m => Assert.Equal(0, m.Count));
        var adminAsked = await (await admin.GetAsync($"{Url}?team={Uri.EscapeDataString(repId!)}")).AssertOkAsync();
        Assert.Equal(mineWon, Won(adminAsked));
    }

    [Fact]
    public async Task SnapshotJob_StoresTodaysOpenPipeline_AndARerunWritesNothing()
    {
        var job = server.Services.GetRequiredService<ForecastSnapshotter>();
        var store = server.Services.GetRequiredService<IForecastStore>();
        await job.RunOnceAsync(CancellationToken.None);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        Assert.Equal(0, await job.RunOnceAsync(CancellationToken.None));
        var days = await store.SnapshotDaysAsync("deal", today.AddDays(-1), today, CancellationToken.None);
        var rows = await store.SnapshotRowsAsync("deal", days, CancellationToken.None);
        Assert.NotEmpty(days);
        Assert.True(rows.Sum(r => r.Count) > 0, "the demo's open deals are in the snapshot");
        Assert.All(rows, r => Assert.True(r.WeightedAmount <= r.Amount));
    }

    [Fact]
    public async Task Page_RecordsList_AndCsv_RenderForASignedInUser_InBothLanguages()
    {
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");
        var page = await manager.GetAsync("/analytics/forecast");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-forecast-chart\"", html);
        Assert.Contains("<script type=\"application/json\" id=\"fs-forecast-data\">", html);
        Assert.Contains("/lib/echarts/echarts.min.js", html);
        Assert.Contains("/analytics/forecast/records?object=", html);
        Assert.DoesNotContain("<script>", html);

        var csv = await manager.GetAsync("/analytics/forecast.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("month,owner,forecast_weighted", (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));

        var month = DateTime.UtcNow.ToString("yyyy-MM");
        var records = await manager.GetAsync($"/analytics/forecast/records?month={month}&kind=won");
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        Assert.Contains("id=\"fs-forecast-records-total\"", await records.Content.ReadAsStringAsync());

        var bad = await manager.GetAsync("/analytics/forecast?from=2025-06&to=2025-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"fs-forecast-error\"", await bad.Content.ReadAsStringAsync());

        using var chinese = await server.SignInToPagesAsync("manager@funnelstudio.local", "zh-CN");
        Assert.Contains("预测准确率", await (await chinese.GetAsync("/analytics/forecast")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheForecastEndpoints()
    {
        var paths = (await (await server.Anonymous().GetAsync("/openapi/v1.json")).AssertOkAsync()).GetProperty("paths");
        Assert.True(paths.TryGetProperty(Url, out _));
        Assert.True(paths.TryGetProperty(Url + "/records", out _));
    }

    private static List<(string Month, int Count, decimal Amount)> Won(JsonElement report) =>
        report.GetProperty("months").EnumerateArray()
            .Select(m => (m.GetProperty("month").GetString()![..7], m.GetProperty("wonCount").GetInt32(), m.GetProperty("won").GetDecimal())).ToList();
}
