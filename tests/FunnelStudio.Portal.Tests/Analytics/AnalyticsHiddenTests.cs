using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Analytics;

/// <summary>
/// b2b-saas with the deal's amount and its lost reason hidden from reps, and a role that reads no
/// deals; one open deal of the rep's with a marker amount.
/// </summary>
public abstract class AnalyticsHiddenPortal(DatabaseProvider database) : PortalServer(database)
{
    public const decimal Amount = 654321m;

    private readonly PackageVariant _variant = PackageVariant.Of("b2b-saas")
        .Without("tests")
        .EditPermission("rep", "deal", p =>
        {
            var fields = PackageVariant.Fields(p);
            fields["amount"] = "hidden";
            fields["weighted_amount"] = "hidden";
            fields["lost_reason"] = "hidden";
        })
        // A role that reads accounts only: it has nothing to analyse.
        .Edit("package.json", p => p["roles"]!.AsArray().Add(new JsonObject
        {
            ["name"] = Viewer,
            ["label"] = new JsonObject { ["en"] = "Account viewer", ["zh-CN"] = "客户查看者" },
            ["permissions"] = new JsonObject { ["account"] = new JsonObject { ["read"] = "all" } },
        }));

    public const string Viewer = "account_viewer";
    public string ViewerEmail { get; } = TestUsers.UniqueEmail("viewer");

    protected override string? Package => _variant.Path;

    /// <summary>The demo writes amounts as reps, which this variant forbids: no demo records.</summary>
    protected override int DemoRecordCount => 0;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var users = await Services.GetRequiredService<IUserDirectory>().AllAsync(CancellationToken.None);
        var rep = users.Single(u => u.Email == "rep@funnelstudio.local").Id;
        await this.CreateUserAsync(ViewerEmail, Viewer);
        using var admin = await SignInAsync(TestUsers.Admin);
        (await admin.PostJsonAsync(Deals.Url, new
        {
            values = new Dictionary<string, object?> { ["name"] = "Hidden amount deal", ["owner"] = rep, ["source"] = "website", ["amount"] = Amount },
        })).EnsureSuccessStatusCode();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }
}

public sealed class SqliteAnalyticsHiddenPortal() : AnalyticsHiddenPortal(new SqliteDatabase());

public sealed class PostgresAnalyticsHiddenPortal() : AnalyticsHiddenPortal(new PostgresDatabase());

public sealed class SqliteAnalyticsHiddenTests(SqliteAnalyticsHiddenPortal server) : AnalyticsHiddenTests(server), IClassFixture<SqliteAnalyticsHiddenPortal>;

public sealed class PostgresAnalyticsHiddenTests(PostgresAnalyticsHiddenPortal server) : AnalyticsHiddenTests(server), IClassFixture<PostgresAnalyticsHiddenPortal>;

/// <summary>What a user may not see is in no figure: no amount for a hidden amount field, no filter on a hidden field, no object unread.</summary>
public abstract class AnalyticsHiddenTests(AnalyticsHiddenPortal server)
{
    private const string Api = "/api/v1/analytics";
    private const string Rep = "rep@funnelstudio.local";

    [Fact]
    public async Task HiddenAmount_GivesNoAmountInAnyFigure_ButTheCountsStay()
    {
        using var rep = await server.SignInAsync(Rep);
        using var repPages = await server.CookieClientAsync(Rep);
        using var manager = await server.SignInAsync("manager@funnelstudio.local");

        var kpisText = await rep.GetStringAsync($"{Api}/kpis");
        var funnelText = await rep.GetStringAsync($"{Api}/funnel?mode=cohort");
        var listText = await rep.GetStringAsync($"{Api}/records?kind=open");
        var page = await repPages.GetStringAsync("/analytics");
        var csv = await repPages.GetStringAsync("/analytics/export.csv?table=pipeline");
        var managers = await (await manager.GetAsync($"{Api}/kpis")).AssertOkAsync();

        var set = JsonDocument.Parse(kpisText).RootElement.GetProperty("sets")[0];
        Assert.Equal(1, set.GetProperty("openCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, set.GetProperty("pipelineAmount").ValueKind);
        Assert.Equal(JsonValueKind.Null, set.GetProperty("weightedPipeline").ValueKind);
        Assert.All(set.GetProperty("pipeline").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("amount").ValueKind));
        Assert.Equal(1, JsonDocument.Parse(listText).RootElement.GetProperty("total").GetInt64());
        foreach (var text in new[] { kpisText, funnelText, listText, page, csv })
        {
            Assert.DoesNotContain("654321", text);
            Assert.DoesNotContain("654,321", text);
        }
        Assert.DoesNotContain("data-fig=\"kpi.pipeline\"", page);
        Assert.StartsWith("Stage,Open,Stalled,", csv.TrimStart('\uFEFF'));
        // The manager may see the amount: the figure is there for them.
        Assert.Equal(AnalyticsHiddenPortal.Amount, managers.GetProperty("sets")[0].GetProperty("pipelineAmount").GetDecimal());
    }

    [Fact]
    public async Task FilterOrSplitOnAHiddenField_IsFieldForbidden_AndAnUnreadObjectIsForbidden()
    {
        using var rep = await server.SignInAsync(Rep);
        using var repPages = await server.CookieClientAsync(Rep);
        using var viewer = await server.SignInAsync(server.ViewerEmail);
        using var viewerPages = await server.CookieClientAsync(server.ViewerEmail);

        await (await rep.GetAsync($"{Api}/kpis?f.lost_reason=price")).AssertProblemAsync(HttpStatusCode.Forbidden, "ANALYTICS_FIELD_FORBIDDEN");
        await (await rep.GetAsync($"{Api}/funnel?split=lost_reason")).AssertProblemAsync(HttpStatusCode.Forbidden, "ANALYTICS_FIELD_FORBIDDEN");
        await (await viewer.GetAsync($"{Api}/kpis")).AssertProblemAsync(HttpStatusCode.Forbidden, "ANALYTICS_FORBIDDEN");
        await (await viewer.GetAsync($"{Api}/records?object=deal&kind=open")).AssertProblemAsync(HttpStatusCode.Forbidden, "ANALYTICS_FORBIDDEN");
        var page = await repPages.GetStringAsync("/analytics?split=lost_reason");
        Assert.Contains("data-code=\"ANALYTICS_FIELD_FORBIDDEN\"", page);
        // The filter bar offers no hidden field.
        Assert.DoesNotContain("name=\"f.lost_reason\"", await repPages.GetStringAsync("/analytics"));
        Assert.Contains("data-code=\"ANALYTICS_FORBIDDEN\"", await viewerPages.GetStringAsync("/analytics"));
    }
}
