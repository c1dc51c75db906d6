using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Loading;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Reports;

/// <summary><c>dashboards/*.json</c>: the sample's dashboard loads; FS1901–FS1909 each with file and path.</summary>
public class DashboardLoadTests
{
    private const string File = "dashboards/health.json";

    private static string Dashboard(string reports, string name = "health", string layout = "") => $$"""
        { "name": "{{name}}", "label": { "en": "Health", "zh-CN": "健康度" }, "reports": [{{reports}}]{{layout}} }
        """;

    private const string ByStage = """{ "name": "by_stage", "object": "deal", "groupBy": [{ "field": "stage" }], "measures": [{ "aggregate": "count" }], "display": "funnel" }""";

    private static LoadResult Load(string json, string path = File) => PackageBuilder.Minimal().With(path, json).Load();

    [Fact]
    public void Load_TheSampleB2bSaas_ReadsSalesFunnelHealth_InBothLanguages()
    {
        var result = PackageLoader.Load(Fixtures.SamplePackage("b2b-saas"));

        Assert.NotNull(result.Package);
        var dashboard = Assert.Single(result.Definition!.Dashboards);
        Assert.Equal(("sales_funnel_health", "Sales funnel health", "销售漏斗健康度"),
            (dashboard.Name, dashboard.Label.Get("en"), dashboard.Label.Get("zh-CN")));
        Assert.Equal(["deals_by_stage", "won_amount_by_month", "deals_by_source", "pipeline_by_owner_and_stage"],
            dashboard.Reports.Select(r => r.Definition.Name));
        Assert.Equal(["funnel", "line", "pie", "bar"], dashboard.Reports.Select(r => r.Definition.Display));
        Assert.Equal("pkg.sales_funnel_health.deals_by_stage", dashboard.Reports[0].Id);
        Assert.Equal(4, dashboard.Layout.Count);
    }

    [Fact]
    public void Load_AValidDashboard_HasNoDiagnostics()
    {
        var result = Load(Dashboard(ByStage));

        Assert.NotNull(result.Package);
        Assert.Single(result.Definition!.Dashboards);
    }

    [Fact]
    public void Load_AnUnknownProperty_IsFS1901WithItsPath()
    {
        var result = Load(Dashboard(ByStage.Replace("\"display\"", "\"colour\": \"red\", \"display\"")));

        DiagnosticAssert.Has(result, "FS1901", Error, File, "$.reports[0].colour");
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_ANameThatIsNotTheFilesName_IsFS1902()
    {
        DiagnosticAssert.Has(Load(Dashboard(ByStage, name: "wellness")), "FS1902", Error, File, "$.name");
    }

    [Fact]
    public void Load_TwoReportsWithOneName_IsFS1903()
    {
        DiagnosticAssert.Has(Load(Dashboard(ByStage + ", " + ByStage)), "FS1903", Error, File, "$.reports[1].name");
    }

    [Fact]
    public void Load_UnknownObjectFieldBadMeasureAndThreeGroupings_AreEachReportedWithTheirPath()
    {
        var reports = string.Join(", ",
            ByStage.Replace("by_stage", "a").Replace("\"deal\"", "\"invoice\""),
            ByStage.Replace("by_stage", "b").Replace("\"stage\"", "\"region\""),
            ByStage.Replace("by_stage", "c").Replace("{ \"aggregate\": \"count\" }", "{ \"aggregate\": \"sum\", \"field\": \"name\" }"),
            ByStage.Replace("by_stage", "d").Replace("[{ \"field\": \"stage\" }]", "[{ \"field\": \"stage\" }, { \"field\": \"owner\" }, { \"field\": \"source\" }]"),
            ByStage.Replace("by_stage", "e").Replace("\"funnel\"", "\"radar\""));

        var result = Load(Dashboard(reports));

        DiagnosticAssert.Has(result, "FS1904", Error, File, "$.reports[0].object");
        DiagnosticAssert.Has(result, "FS1905", Error, File, "$.reports[1].groupBy[0].field");
        DiagnosticAssert.Has(result, "FS1906", Error, File, "$.reports[2].measures[0].field");
        DiagnosticAssert.Has(result, "FS1907", Error, File, "$.reports[3].groupBy");
        DiagnosticAssert.Has(result, "FS1908", Error, File, "$.reports[4].display");
        DiagnosticAssert.Refused(result);
    }

    [Fact]
    public void Load_ALayoutNamingAnotherReportOrAWidthOfFour_IsFS1909()
    {
        var result = Load(Dashboard(ByStage, layout: """, "layout": [{ "report": "by_owner", "width": 1 }, { "report": "by_stage", "width": 4 }]"""));

        Assert.Equal([(File, "$.layout[0].report"), (File, "$.layout[1].width")],
            result.Diagnostics.Where(d => d.Code == "FS1909").Select(d => (d.File, d.Path)));
        DiagnosticAssert.Refused(result);
    }
}
