using System.Net;
using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Analytics;

public sealed class SqliteAnalyticsTests(SqlitePortal server) : AnalyticsTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresAnalyticsTests(PostgresPortal server) : AnalyticsTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// The analytics API and pages on the demo data (22 deals over six months, won, lost and open), over
/// real HTTP on both providers: each endpoint's shape and codes, a rep's figures reach only their own
/// records, and every figure's drill-down list has exactly as many records as the figure says.
/// </summary>
public abstract partial class AnalyticsTests(PortalServer server)
{
    protected const string Api = "/api/v1/analytics";
    protected const string Manager = "manager@funnelstudio.local";
    protected const string Rep = "rep@funnelstudio.local";

    /// <summary>A period holding every demo deal and what tests create: the last 200 days (UTC days, today included).</summary>
    protected static string Period =>
        $"object=deal&from={DateTime.UtcNow.AddDays(-200):yyyy-MM-dd}&to={DateTime.UtcNow:yyyy-MM-dd}&tz=UTC";

    protected PortalServer Server => server;

    protected async Task<string> UserIdAsync(string email) =>
        (await server.Services.GetRequiredService<IUserDirectory>().AllAsync(CancellationToken.None)).Single(u => u.Email == email).Id;

    [Fact]
    public async Task Kpis_HaveEveryFigure_WithThePreviousPeriodAndThePipelinePerStage()
    {
        using var manager = await server.SignInAsync(Manager);

        var kpis = await (await manager.GetAsync($"{Api}/kpis?{Period}")).AssertOkAsync();

        var set = Assert.Single(kpis.GetProperty("sets").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, set.GetProperty("split").ValueKind);
        foreach (var side in new[] { "current", "previous" })
            foreach (var name in new[] { "created", "won", "lost", "closed", "winRate", "wonAmount", "averageDealSize", "cycleMedianDays", "cycleMeanDays" })
                Assert.True(set.GetProperty(side).TryGetProperty(name, out _), $"{side}.{name} is missing");
        var current = set.GetProperty("current");
        Assert.True(current.GetProperty("created").GetInt64() > 0, "the demo's deals were created in the period");
        Assert.Equal(current.GetProperty("won").GetInt64() + current.GetProperty("lost").GetInt64(), current.GetProperty("closed").GetInt64());
        var pipeline = set.GetProperty("pipeline").EnumerateArray().ToList();
        Assert.Equal(["lead", "mql", "sql", "opportunity"], pipeline.Select(p => p.GetProperty("stage").GetString()));
        Assert.Equal("Lead", pipeline[0].GetProperty("label").GetString());
        Assert.Equal(14, pipeline[0].GetProperty("stalledAfterDays").GetInt32());
        Assert.Equal(pipeline.Sum(p => p.GetProperty("count").GetInt64()), set.GetProperty("openCount").GetInt64());
        Assert.NotEmpty(set.GetProperty("timeInStage").EnumerateArray());
        var period = kpis.GetProperty("period");
        var previous = kpis.GetProperty("previous");
        Assert.Equal(period.GetProperty("from").GetDateTime(), previous.GetProperty("to").GetDateTime());
    }

    [Fact]
    public async Task Funnel_InBothModes_ListsTheStagesInOrder_TheLostApart_WithConversions()
    {
        using var manager = await server.SignInAsync(Manager, "zh-CN");

        foreach (var mode in new[] { "cohort", "period" })
        {
            var funnel = await (await manager.GetAsync($"{Api}/funnel?{Period}&mode={mode}")).AssertOkAsync();

            Assert.Equal(mode, funnel.GetProperty("mode").GetString());
            var series = Assert.Single(funnel.GetProperty("series").EnumerateArray());
            var steps = series.GetProperty("steps").EnumerateArray().ToList();
            Assert.Equal(["lead", "mql", "sql", "opportunity", "won"], steps.Select(s => s.GetProperty("stage").GetString()));
            Assert.Equal("线索", steps[0].GetProperty("label").GetString());
            Assert.Equal(JsonValueKind.Null, steps[0].GetProperty("conversionFromPrevious").ValueKind);
            Assert.Equal("lost", Assert.Single(series.GetProperty("lost").EnumerateArray()).GetProperty("stage").GetString());
            Assert.StartsWith($"{Api}/records?", steps[1].GetProperty("records").GetString());
        }
    }

    [Fact]
    public async Task Trends_ArePerBucket_AndMarkThePublishedVersions_AndSplitGivesASeriesPerSlice()
    {
        using var manager = await server.SignInAsync(Manager);

        var monthly = await (await manager.GetAsync($"{Api}/trends?{Period}&interval=month")).AssertOkAsync();
        var byOwner = await (await manager.GetAsync($"{Api}/trends?period=90d&interval=week&split=owner")).AssertOkAsync();

        Assert.Equal("month", monthly.GetProperty("interval").GetString());
        var points = Assert.Single(monthly.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 7, 8);
        Assert.Equal(1, points[1].GetProperty("period").GetProperty("from").GetDateTime().Day);
        // The sample package was published when the server started: go-live, marked on the trends of a preset period.
        Assert.NotEmpty(byOwner.GetProperty("versions").EnumerateArray());
        Assert.Equal("week", byOwner.GetProperty("interval").GetString());
        var slices = byOwner.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("splitLabel").GetString()).ToList();
        Assert.True(slices.Count >= 2, "the demo's deals have several owners");
    }

    [Fact]
    public async Task BadInput_IsAProblemWithItsCode_NeverA500()
    {
        using var manager = await server.SignInAsync(Manager);
        var cases = new (string Url, HttpStatusCode Status, string Code)[]
        {
            ($"{Api}/kpis?object=deal&from=yesterday&to=2026-01-01", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/kpis?object=deal&from=2026-03-01&to=2026-02-01", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/kpis?object=deal&from=2010-01-01&to=2026-01-01", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/kpis?object=deal&from=2026-01-01", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/kpis?period=decade", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/kpis?period=90d&tz=Mars/Olympus", HttpStatusCode.BadRequest, "ANALYTICS_PERIOD"),
            ($"{Api}/funnel?object=spaceship", HttpStatusCode.BadRequest, "ANALYTICS_UNKNOWN_OBJECT"),
            ($"{Api}/funnel?object=account", HttpStatusCode.UnprocessableEntity, "ANALYTICS_NO_PIPELINE"),
            ($"{Api}/funnel?mode=sideways", HttpStatusCode.BadRequest, "BAD_REQUEST"),
            ($"{Api}/funnel?f.colour=red", HttpStatusCode.BadRequest, "ANALYTICS_UNKNOWN_FIELD"),
            ($"{Api}/kpis?split=name", HttpStatusCode.BadRequest, "ANALYTICS_UNKNOWN_FIELD"),
            ($"{Api}/trends?interval=fortnight", HttpStatusCode.BadRequest, "BAD_REQUEST"),
            ($"{Api}/records?kind=funnel&stage=orbit&mode=cohort", HttpStatusCode.BadRequest, "ANALYTICS_UNKNOWN_STAGE"),
            ($"{Api}/records?kind=leftstage", HttpStatusCode.BadRequest, "ANALYTICS_UNKNOWN_STAGE"),
            ($"{Api}/records?kind=everything", HttpStatusCode.BadRequest, "BAD_REQUEST"),
            ($"{Api}/records?kind=1", HttpStatusCode.BadRequest, "BAD_REQUEST"),
            ($"{Api}/records?kind=won&pageSize=1000", HttpStatusCode.BadRequest, "BAD_REQUEST"),
            ($"{Api}/versions/987654/effect", HttpStatusCode.NotFound, "ANALYTICS_UNKNOWN_VERSION"),
            ($"{Api}/versions/1/effect?weeks=27", HttpStatusCode.BadRequest, "BAD_REQUEST"),
        };
        foreach (var (url, status, code) in cases)
            await (await manager.GetAsync(url)).AssertProblemAsync(status, code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Anonymous().GetAsync($"{Api}/kpis")).StatusCode);
    }

    [Fact]
    public async Task VersionEffect_ComparesTheWeeksBeforeAndAfter_AndItsPageLinksEveryCount()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var adminPages = await server.CookieClientAsync(TestUsers.Admin);
        var versions = await (await admin.GetAsync("/api/v1/config/versions")).AssertOkAsync();
        var id = versions.EnumerateArray().First(v => v.GetProperty("status").GetString() is "published" or "active").GetProperty("id").GetInt64();

        var effect = await (await admin.GetAsync($"{Api}/versions/{id}/effect?object=deal&weeks=2")).AssertOkAsync();
        var page = await adminPages.GetStringAsync($"/analytics/versions/{id}?object=deal&weeks=2");
        var versionsPage = await adminPages.GetStringAsync("/admin/versions");

        Assert.Equal(2, effect.GetProperty("weeks").GetInt32());
        var before = effect.GetProperty("before");
        Assert.Equal(TimeSpan.FromDays(14), before.GetProperty("to").GetDateTime() - before.GetProperty("from").GetDateTime());
        Assert.Equal(id, effect.GetProperty("version").GetProperty("id").GetInt64());
        Assert.Equal(["lead", "mql", "sql", "opportunity", "won"],
            effect.GetProperty("funnelBefore").EnumerateArray().Select(s => s.GetProperty("stage").GetString()));
        Assert.Contains("id=\"fs-version-funnel\"", page);
        Assert.Contains("data-fig=\"effect.winrate.before\"", page);
        Assert.Contains($"href=\"/analytics/versions/{id}\"", versionsPage);
    }
}
