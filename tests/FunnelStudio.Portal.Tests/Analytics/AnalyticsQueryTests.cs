using FunnelStudio.Analytics;
using FunnelStudio.Portal.Analytics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace FunnelStudio.Portal.Tests.Analytics;

/// <summary>The analytics query string and the CSV guard, without a server.</summary>
public sealed class AnalyticsQueryTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTime Now = new(2026, 12, 1, 3, 0, 0, DateTimeKind.Utc);

    private static (AnalyticsQuery? Query, AnalyticsProblem? Problem) Parse(string query, TimeZoneInfo? zone = null) =>
        AnalyticsQueryParser.Parse(new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)), "deal", zone ?? Shanghai, Now);

    [Fact]
    public void LocalDays_AreTheUsersMidnights_AndToIncludesItsDay()
    {
        var (query, problem) = Parse("?from=2026-11-01&to=2026-11-30");

        Assert.Null(problem);
        Assert.Equal(new DateTime(2026, 10, 31, 16, 0, 0, DateTimeKind.Utc), query!.From);
        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), query.To);
        Assert.Equal("custom", query.Preset);
    }

    [Fact]
    public void Presets_FollowTheUsersCalendar()
    {
        // 03:00 UTC on 1 December is 11:00 in Shanghai: "this month" is December there.
        var month = Parse("?period=month").Query!;
        var year = Parse("?period=year").Query!;

        Assert.Equal(new DateTime(2026, 11, 30, 16, 0, 0, DateTimeKind.Utc), month.From);
        Assert.Equal(new DateTime(2026, 12, 31, 16, 0, 0, DateTimeKind.Utc), month.To);
        Assert.Equal(new DateTime(2025, 12, 31, 16, 0, 0, DateTimeKind.Utc), year.From);
    }

    [Fact]
    public void Instants_AreExact_AndTheirZoneIsRequired()
    {
        var (query, _) = Parse("?from=2026-11-01T00:00:00Z&to=2026-11-02T08:00:00%2B08:00");

        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), query!.From);
        Assert.Equal(new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc), query.To);
        Assert.Equal(AnalyticsErrors.BadPeriod, Parse("?from=2026-11-01T00:00:00&to=2026-11-02").Problem!.Code);
    }

    [Theory]
    [InlineData("?from=2026-12-01&to=2026-11-01")]
    [InlineData("?from=2016-01-01&to=2026-01-02")]
    [InlineData("?from=soon&to=2026-01-02")]
    [InlineData("?period=century")]
    [InlineData("?period=90d&tz=Nowhere/Special")]
    public void BadPeriods_AreRefusedWithThePeriodCode(string query) =>
        Assert.Equal(AnalyticsErrors.BadPeriod, Parse(query).Problem!.Code);

    [Fact]
    public void OwnerNone_IsTheEmptyOwner_AndGoesBackIntoLinksAsNone()
    {
        var query = Parse("?owner=__none").Query!;

        Assert.Equal("", query.Owner);
        Assert.Equal("", query.ToRequest().Owner);
        Assert.Contains(new KeyValuePair<string, string>("owner", "__none"), query.FilterParameters());
        Assert.Equal("u-7", Parse("?owner=u-7").Query!.Owner);
        Assert.Null(Parse("?owner=").Query!.Owner);
    }

    [Fact]
    public void FieldFilters_ReadNoneAsEmpty_AndSkipAny()
    {
        var query = Parse("?f.source=web&f.industry=__none&f.region=&mode=period&split=source").Query!;

        Assert.Equal([new AnalyticsFieldFilter("industry", null), new AnalyticsFieldFilter("source", "web")], query.Fields);
        Assert.Equal(FunnelMode.Period, query.Mode);
        Assert.Equal("source", query.Split);
    }

    [Fact]
    public void DrillKinds_AreReadByName_NeverByNumber()
    {
        Assert.Equal(DrillKind.LeftStage, AnalyticsQueryParser.Target(Collection("kind=left-stage&stage=sql"), FunnelMode.Cohort).Target!.Kind);
        Assert.NotNull(AnalyticsQueryParser.Target(Collection("kind=2"), FunnelMode.Cohort).Problem);
        Assert.Equal(AnalyticsErrors.UnknownStage, AnalyticsQueryParser.Target(Collection("kind=funnel"), FunnelMode.Cohort).Problem!.Code);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-1+2", "'-1+2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("Li Na", "Li Na")]
    public void CsvTextCells_StartingLikeAFormula_AreMadeText(string text, string expected) =>
        Assert.Equal(expected, AnalyticsTable.Guard(text));

    [Fact]
    public void Csv_QuotesAndGuardsText_ButWritesNumbersAsThemselves()
    {
        var table = new AnalyticsTable("t", ["Owner", "Change"], [[AnalyticsCell.Label("=cmd|' /C calc'!A0, x"), AnalyticsCell.Of(-3.5, "−3.5")]]);

        var csv = System.Text.Encoding.UTF8.GetString(table.ToCsv()).TrimStart('\uFEFF');

        Assert.Equal("Owner,Change\r\n\"'=cmd|' /C calc'!A0, x\",-3.5\r\n", csv);
    }

    private static IQueryCollection Collection(string query) =>
        new QueryCollection(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
}
