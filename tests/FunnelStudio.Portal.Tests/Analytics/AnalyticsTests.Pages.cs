using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Analytics;

public abstract partial class AnalyticsTests
{
    [Fact]
    public async Task Dashboard_ForAManager_ShowsEverySection_InTheirLanguage_WithTheChartsData()
    {
        using var manager = await server.CookieClientAsync(Manager, language: "zh-CN");

        var response = await manager.GetAsync("/analytics");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"fs-analytics-link\"", html);
        Assert.Contains("漏斗分析", html);
        foreach (var id in new[] { "fs-kpis", "fs-funnel", "fs-time", "fs-pipeline", "fs-trends", "fs-chart-funnel", "fs-analytics-charts" })
            Assert.Contains($"id=\"{id}\"", html);
        Assert.Contains("data-mode=\"cohort\"", html);
        Assert.Contains("同期群漏斗", html);
        Assert.Contains("data-fig=\"kpi.winrate\"", html);
        Assert.Contains("/analytics/export.csv?table=funnel", html);
        Assert.Contains("class=\"btn btn-sm btn-outline-secondary fs-export-png\" data-chart=\"funnel\"", html);
        Assert.DoesNotContain("onclick", html);
        Assert.Contains("/js/analytics.js", html);

        var period = await manager.GetStringAsync("/analytics?mode=period&split=source");
        Assert.Contains("data-mode=\"period\"", period);
        Assert.Contains("期间漏斗", period);
        Assert.Contains("<th scope=\"col\">分组</th>", period);
    }

    [Fact]
    public async Task Dashboard_ForARep_CountsOnlyTheirOwnRecords()
    {
        using var repApi = await server.SignInAsync(Rep);
        using var rep = await server.CookieClientAsync(Rep);
        // Everything the rep owns (the rep reads only their own deals).
        var own = (await (await repApi.GetAsync("/api/v1/objects/deal/records?pageSize=1")).AssertOkAsync()).GetProperty("total").GetInt64();
        var openStages = new[] { "lead", "mql", "sql", "opportunity" };
        long ownOpen = 0;
        foreach (var stage in openStages)
            ownOpen += (await (await repApi.GetAsync($"/api/v1/objects/deal/records?stage={stage}&pageSize=1")).AssertOkAsync()).GetProperty("total").GetInt64();

        var kpis = await (await repApi.GetAsync($"{Api}/kpis?{Period}")).AssertOkAsync();
        var html = await rep.GetStringAsync($"/analytics?{Period}&period=custom");
        using var manager = await server.SignInAsync(Manager);
        var managerView = await (await manager.GetAsync($"{Api}/kpis?{Period}&owner={await UserIdAsync(Rep)}")).AssertOkAsync();

        var set = kpis.GetProperty("sets")[0];
        Assert.True(own > 0);
        Assert.Equal(own, set.GetProperty("current").GetProperty("created").GetInt64());
        Assert.Equal(ownOpen, set.GetProperty("openCount").GetInt64());
        Assert.Equal(own, managerView.GetProperty("sets")[0].GetProperty("current").GetProperty("created").GetInt64());
        Assert.Matches($"data-fig=\"kpi.created\">{own}</a>", html);
        Assert.Matches($"data-fig=\"kpi.open\">{ownOpen}</a>", html);
        // The owner filter offers the rep only themself.
        var owners = Regex.Match(html, "<select[^>]*id=\"fs-a-owner\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(2, Regex.Matches(owners, "<option").Count);
    }

    [Fact]
    public async Task BadFilters_OnThePage_AreAMessage_NotAnError()
    {
        using var manager = await server.CookieClientAsync(Manager);

        foreach (var (url, code) in new[]
        {
            ("/analytics?period=custom&from=2026-05-01&to=2026-04-01", "ANALYTICS_PERIOD"),
            ("/analytics?f.colour=red", "ANALYTICS_UNKNOWN_FIELD"),
            ("/analytics?object=spaceship", "ANALYTICS_UNKNOWN_OBJECT"),
            ("/analytics/records?period=90d&kind=funnel&stage=orbit", "ANALYTICS_UNKNOWN_STAGE"),
            ("/analytics/records?object=deal&period=90d", "BAD_REQUEST"),
            ("/analytics/versions/987654", "ANALYTICS_UNKNOWN_VERSION"),
        })
        {
            var response = await manager.GetAsync(url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Contains($"id=\"fs-analytics-error\" data-code=\"{code}\"", html);
        }
    }

    [Fact]
    public async Task CsvExport_HoldsTheTablesRows_AndGuardsCellsAgainstFormulas()
    {
        var email = TestUsers.UniqueEmail("formula");
        var evilId = await server.CreateUserAsync(email, "=1+2 Evil", "rep", Manager);
        using var admin = await server.SignInAsync(TestUsers.Admin);
        (await admin.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("Formula owner"), owner = evilId, source = "website" } }))
            .EnsureSuccessStatusCode();
        using var adminPages = await server.CookieClientAsync(TestUsers.Admin);

        var funnel = await adminPages.GetAsync($"/analytics/export.csv?table=funnel&{Period}");
        var kpis = await (await adminPages.GetAsync($"/analytics/export.csv?table=kpis&{Period}&split=owner")).Content.ReadAsByteArrayAsync();
        var api = await (await admin.GetAsync($"{Api}/funnel?{Period}")).AssertOkAsync();
        var unknown = await adminPages.GetAsync($"/analytics/export.csv?table=secrets&{Period}");

        Assert.Equal(HttpStatusCode.OK, funnel.StatusCode);
        Assert.Equal("text/csv", funnel.Content.Headers.ContentType?.MediaType);
        var lines = Encoding.UTF8.GetString(await funnel.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Stage,Records,Conversion,Amount", lines[0]);
        var steps = api.GetProperty("series")[0].GetProperty("steps").EnumerateArray().ToList();
        Assert.StartsWith($"Lead,{steps[0].GetProperty("count").GetInt64()},,", lines[1]);
        Assert.Equal(steps.Count + 1 + 1, lines.Length); // the header, the steps, the lost stage
        var kpiText = Encoding.UTF8.GetString(kpis);
        Assert.Contains("\n'=1+2 Evil,Created,1,", kpiText);
        Assert.DoesNotContain("\n=1+2", kpiText);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
    }
}
