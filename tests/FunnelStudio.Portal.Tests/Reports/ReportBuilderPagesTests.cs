using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Reports;

public sealed class ReportBuilderPagesOnSqlite(SqlitePortal server) : ReportBuilderPagesTests(server), IClassFixture<SqlitePortal>;

public sealed class ReportBuilderPagesOnPostgres(PostgresPortal server) : ReportBuilderPagesTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// The report builder form: a valid report is saved and runs with the expected numbers; an invalid one
/// shows its problems' messages and saves nothing; only builders open it, only owners edit, and a
/// package report's copy is the user's to edit.
/// </summary>
public abstract partial class ReportBuilderPagesTests(PortalServer server)
{
    private const string Api = "/api/v1/reports";

    private static IEnumerable<KeyValuePair<string, string>> Fields(params (string Key, string Value)[] fields) =>
        fields.Select(f => KeyValuePair.Create(f.Key, f.Value));

    private static async Task<int> CountReportsAsync(HttpClient api) =>
        (await (await api.GetAsync(Api)).AssertOkAsync()).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task Save_AValidReport_RedirectsToIt_AndItRunsWithTheExpectedNumbers()
    {
        var prefix = Deals.Unique("bld");
        using var admin = await server.SignInAsync(TestUsers.Admin);
        foreach (var (suffix, amount, source) in new[] { ("a", 100m, "website"), ("b", 250m, "website"), ("c", 40m, "referral") })
            await Deals.CreateAsync(admin, new { name = $"{prefix} {suffix}", amount, source });
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);

        var saved = await pages.PostFormAsync("/reports/new?object=deal", "/reports/new?object=deal", Fields(
            ("Form.Name", $"Built {prefix}"), ("Form.Object", "deal"), ("Form.Match", "all"), ("Form.Display", "bar"),
            ("Form.Filters[0].Field", "name"), ("Form.Filters[0].Operator", "contains"), ("Form.Filters[0].Value", prefix),
            ("Form.Groups[0].Field", "source"), ("Form.Measures[0].Aggregate", "count"),
            ("Form.Measures[1].Aggregate", "sum"), ("Form.Measures[1].Field", "amount"), ("Action", "save")));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = ReportId().Match(saved.Headers.Location!.OriginalString).Groups[1].Value;
        var run = await (await admin.PostJsonAsync($"{Api}/{id}/run", new { })).AssertOkAsync();
        var rows = run.GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("keys")[0].GetString()!, r => (r.GetProperty("values")[0].GetDecimal(), r.GetProperty("values")[1].GetDecimal()));
        Assert.Equal((2m, 350m), rows["website"]);
        Assert.Equal((1m, 40m), rows["referral"]);
        Assert.Equal(2, rows.Count);
        Assert.Contains("id=\"fs-report-edit\"", await pages.GetStringAsync($"/reports/{id}"));
    }

    [Fact]
    public async Task Save_AnInvalidReport_ShowsEachProblemsMessageBesideItsInput_AndSavesNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var pages = await server.SignInToPagesAsync(TestUsers.Admin);
        var before = await CountReportsAsync(admin);

        var answer = await pages.PostFormAsync("/reports/new?object=deal", "/reports/new?object=deal", Fields(
            ("Form.Name", ""), ("Form.Object", "deal"), ("Form.Match", "all"), ("Form.Display", "table"),
            ("Form.Filters[0].Field", "amount"), ("Form.Filters[0].Operator", "gt"), ("Form.Filters[0].Value", "lots"),
            ("Form.Measures[0].Aggregate", "sum"), ("Form.Measures[0].Field", "name"), ("Action", "save")));
        var html = await answer.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("id=\"fs-builder-problems\"", html);
        Assert.Contains("This is required. <code>REPORT_REQUIRED</code>", html);
        Assert.Contains("<code>REPORT_VALUE</code>", html);
        Assert.Contains("This measure needs a number, currency or percent field (count takes none). <code>REPORT_MEASURE_TYPE</code>", html);
        Assert.Equal(before, await CountReportsAsync(admin));
    }

    [Fact]
    public async Task Builder_ForARepOnAnObjectTheyMayNotBuildOn_IsAccessDenied_AndThatObjectIsNotOffered()
    {
        using var rep = await server.SignInToPagesAsync("rep@funnelstudio.local");

        var page = await rep.GetAsync("/reports/new?object=deal");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/Account/AccessDenied", page.Headers.Location!.AbsolutePath);
        // b2b-saas lets a rep read every account (so build on it) but only their own deals.
        var builder = await rep.GetStringAsync("/reports/new");
        Assert.Contains("<option value=\"account\"", builder);
        Assert.DoesNotContain("<option value=\"deal\"", builder);
    }

    [Fact]
    public async Task Edit_ByAUserWhoDoesNotOwnTheReport_IsRefused_AndTheReportStaysAsItWas()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var created = await (await admin.PostJsonAsync(Api, new
        {
            name = $"Shared {Deals.Unique("own")}", @object = "deal", measures = new object[] { new { aggregate = "count" } }, sharedWith = new[] { "manager" },
        })).AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");

        var page = await manager.GetAsync($"/reports/{id}/edit");
        var view = await manager.GetStringAsync($"/reports/{id}");
        var post = await manager.PostFormAsync($"/reports/{id}", $"/reports/{id}/edit", Fields(
            ("Form.Name", "Hijacked"), ("Form.Object", "deal"), ("Form.Measures[0].Aggregate", "count"), ("Action", "save")));

        Assert.Equal("/Account/AccessDenied", page.Headers.Location!.AbsolutePath);
        Assert.DoesNotContain("id=\"fs-report-edit\"", view);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(created.GetProperty("title").GetString(), (await (await admin.GetAsync($"{Api}/{id}")).AssertOkAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CopyOfAPackageReport_IsTheUsersToEdit()
    {
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");
        const string packageReport = "/reports/pkg.sales_funnel_health.deals_by_stage";
        Assert.Contains("id=\"fs-report-copy\"", await manager.GetStringAsync(packageReport));
        Assert.Equal("/Account/AccessDenied", (await manager.GetAsync($"{packageReport}/edit")).Headers.Location!.AbsolutePath);

        var copied = await manager.PostFormAsync(packageReport, $"{packageReport}?handler=Copy", []);
        var edit = copied.Headers.Location!.OriginalString;
        var form = await manager.GetStringAsync(edit);
        var renamed = Deals.Unique("Copied");
        var saved = await manager.PostFormAsync(edit, edit, Fields(
            ("Form.Name", renamed), ("Form.Object", "deal"), ("Form.Match", "all"), ("Form.Display", "bar"),
            ("Form.Groups[0].Field", "stage"), ("Form.Measures[0].Aggregate", "count"), ("Action", "save")));

        Assert.Matches(ReportEditUrl(), edit);
        Assert.Contains("value=\"Deals by stage\"", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains(renamed, await manager.GetStringAsync(saved.Headers.Location!.OriginalString));
    }

    [GeneratedRegex("^/reports/([0-9a-f-]{36})$")]
    private static partial Regex ReportId();

    [GeneratedRegex("^/reports/[0-9a-f-]{36}/edit$")]
    private static partial Regex ReportEditUrl();
}
