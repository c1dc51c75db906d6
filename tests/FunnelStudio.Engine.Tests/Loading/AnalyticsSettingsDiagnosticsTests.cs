using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using static FunnelStudio.Diagnostics.DiagnosticSeverity;

namespace FunnelStudio.Engine.Tests.Loading;

/// <summary>The pipeline settings analytics reads: the expected-close field and a stage's stall threshold.</summary>
public class AnalyticsSettingsDiagnosticsTests
{
    [Fact]
    public void Load_CloseDateFieldAndStalledDays_AreOnTheMetadata()
    {
        var package = PackageBuilder.Minimal().EditObject("deal", o =>
        {
            o["pipeline"]!["closeDateField"] = "close_date";
            o["pipeline"]!["stages"]![1]!["stalledAfterDays"] = 12;
        }).Compile();

        var deal = package.Object("deal")!.Definition;
        Assert.Equal("close_date", deal.Pipeline!.CloseDateField);
        Assert.Equal("close_date", deal.CloseDate!.Name);
        Assert.Equal(12, deal.Pipeline.Stages[1].StalledAfterDays);
        Assert.Null(deal.Pipeline.Stages[0].StalledAfterDays);
    }

    [Fact]
    public void Load_CloseDateFieldThatIsNotADate_ReportsFS1118()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["closeDateField"] = "amount").Load();

        var d = DiagnosticAssert.Has(result, "FS1118", Error, "objects/deal.json", "$.pipeline.closeDateField");
        Assert.Contains("date", d.Message);
    }

    [Fact]
    public void Load_CloseDateFieldThatDoesNotExist_ReportsFS1108()
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["closeDateField"] = "expected_close").Load();

        DiagnosticAssert.Has(result, "FS1108", Error, "objects/deal.json", "$.pipeline.closeDateField");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3651)]
    [InlineData(2.5)]
    public void Load_StalledAfterDaysOutOfRange_IsRefusedWithItsPath(double days)
    {
        var result = PackageBuilder.Minimal().EditObject("deal", o => o["pipeline"]!["stages"]![0]!["stalledAfterDays"] = days).Load();

        DiagnosticAssert.Refused(result);
        Assert.Contains(result.Diagnostics, d => d.Path == "$.pipeline.stages[0].stalledAfterDays" && d.File == "objects/deal.json");
    }
}
