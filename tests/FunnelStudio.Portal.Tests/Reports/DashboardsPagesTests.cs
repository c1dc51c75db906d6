using System.Net;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Reports;

public sealed class DashboardsPagesOnSqlite(SqlitePortal server) : DashboardsPagesTests(server), IClassFixture<SqlitePortal>;

public sealed class DashboardsPagesOnPostgres(PostgresPortal server) : DashboardsPagesTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// Dashboards: created, reports pinned from their pages, reordered by the drag-and-drop POST (which
/// needs the antiforgery header and the owner), and the package's dashboard rendering its reports.
/// </summary>
public abstract partial class DashboardsPagesTests(PortalServer server)
{
    private static async Task<string> CreateReportAsync(HttpClient api, string name) =>
        (await (await api.PostJsonAsync("/api/v1/reports", new
        {
            name, @object = "deal", groupBy = new object[] { new { field = "stage" } }, measures = new object[] { new { aggregate = "count" } }, display = "bar",
        })).AssertOkAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>A new dashboard of the signed-in user with two reports pinned, first then second.</summary>
    private async Task<(string Url, string First, string Second)> DashboardWithTwoReportsAsync(HttpClient pages, HttpClient api)
    {
        var first = await CreateReportAsync(api, Deals.Unique("First"));
        var second = await CreateReportAsync(api, Deals.Unique("Second"));
        var created = await pages.PostFormAsync("/dashboards/new", "/dashboards/new", [KeyValuePair.Create("Name", Deals.Unique("Board"))]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var dashboardId = url["/dashboards/".Length..];
        foreach (var report in new[] { first, second })
        {
            var pinned = await pages.PostFormAsync($"/reports/{report}", $"/reports/{report}?handler=Pin", [KeyValuePair.Create("dashboard", dashboardId)]);
            Assert.Equal(url, pinned.Headers.Location!.OriginalString);
        }
        return (url, first, second);
    }

    private static HttpRequestMessage Reorder(string url, string order, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=Reorder")
        {
            Content = new FormUrlEncodedContent([KeyValuePair.Create("order", order)]),
        };
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null) request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    private static string MetaToken(string html) => MetaTokenPattern().Match(html).Groups[1].Value;

    private static IReadOnlyList<string> CardReports(string html) =>
        CardPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [Fact]
    public async Task Dashboard_PinTwoReports_ReorderByThePost_ShowsThemInTheNewOrder()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);
        var (url, first, second) = await DashboardWithTwoReportsAsync(pages, api);
        var before = await pages.GetStringAsync(url);

        var reordered = await pages.SendAsync(Reorder(url, "1,0", MetaToken(before)));
        var after = await pages.GetStringAsync(url);

        Assert.Equal([first, second], CardReports(before));
        Assert.Equal(HttpStatusCode.OK, reordered.StatusCode);
        Assert.Equal([second, first], CardReports(after));
        Assert.Contains("id=\"fs-report-data-card-0\"", after);
        Assert.Contains("id=\"fs-report-data-card-1\"", after);
        Assert.Contains(url[1..], await pages.GetStringAsync("/dashboards"));
    }

    [Fact]
    public async Task UpDownWidthAndRemove_WithoutScript_ChangeTheCardsAsPosted()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);
        var (url, first, second) = await DashboardWithTwoReportsAsync(pages, api);

        var moved = await pages.PostFormAsync(url, $"{url}?handler=Move", [KeyValuePair.Create("index", "1"), KeyValuePair.Create("direction", "up")]);
        var afterMove = await pages.GetStringAsync(url);
        var widened = await pages.PostFormAsync(url, $"{url}?handler=Width", [KeyValuePair.Create("index", "0")]);
        var afterWidth = await pages.GetStringAsync(url);
        var removed = await pages.PostFormAsync(url, $"{url}?handler=Remove", [KeyValuePair.Create("index", "0")]);

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal([second, first], CardReports(afterMove));
        Assert.Equal(HttpStatusCode.Redirect, widened.StatusCode);
        Assert.Contains($"class=\"col-12 fs-dashboard-card\" data-index=\"0\" data-report=\"{second}\"", afterWidth);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal([first], CardReports(await pages.GetStringAsync(url)));
    }

    [Fact]
    public async Task Reorder_WithoutTheAntiforgeryToken_IsRefusedWith400_AndKeepsTheOrder()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);
        var (url, first, second) = await DashboardWithTwoReportsAsync(pages, api);

        var reordered = await pages.SendAsync(Reorder(url, "1,0", token: null));

        Assert.Equal(HttpStatusCode.BadRequest, reordered.StatusCode);
        Assert.Equal([first, second], CardReports(await pages.GetStringAsync(url)));
    }

    [Fact]
    public async Task Reorder_ByAnotherUser_IsForbidden_AndTheirViewIsNotFound()
    {
        using var api = await server.SignInAsync(TestUsers.Admin);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);
        var (url, first, second) = await DashboardWithTwoReportsAsync(pages, api);
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");
        var managersToken = MetaToken(await manager.GetStringAsync("/dashboards"));

        var reordered = await manager.SendAsync(Reorder(url, "1,0", managersToken));
        var view = await manager.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, reordered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal([first, second], CardReports(await pages.GetStringAsync(url)));
    }

    [Fact]
    public async Task PackageDashboard_RendersItsReports_ReadOnly()
    {
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");

        var list = await manager.GetStringAsync("/dashboards");
        var page = await manager.GetStringAsync("/dashboards/pkg.sales_funnel_health");

        Assert.Contains("href=\"/dashboards/pkg.sales_funnel_health\"", list);
        Assert.Contains("Sales funnel health", page);
        Assert.Equal(["pkg.sales_funnel_health.deals_by_stage", "pkg.sales_funnel_health.deals_by_source",
            "pkg.sales_funnel_health.won_amount_by_month", "pkg.sales_funnel_health.pipeline_by_owner_and_stage"], CardReports(page));
        Assert.Contains("Deals by stage", page);
        Assert.Contains("id=\"fs-report-table-card-0\"", page);
        Assert.Contains("id=\"fs-dashboard-copy\"", page);
        Assert.DoesNotContain("fs-card-remove", page);
    }

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex MetaTokenPattern();

    [GeneratedRegex("class=\"[^\"]*fs-dashboard-card\" data-index=\"\\d+\" data-report=\"([^\"]+)\"")]
    private static partial Regex CardPattern();
}
