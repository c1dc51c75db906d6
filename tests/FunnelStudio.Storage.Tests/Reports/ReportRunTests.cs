using System.Globalization;
using FunnelStudio.Reports;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Reports;

public sealed class SqliteReportRunTests(SqliteDatabase database) : ReportRunTests<SqliteDatabase>(database);

public sealed class PostgresReportRunTests(PostgresDatabase database) : ReportRunTests<PostgresDatabase>(database);

/// <summary>
/// Grouped reports against the same numbers computed in C# over the seeded records: month × stage in a
/// zone with DST, owner × stage with all/any filters, days across the DST change, a rep's view, and
/// drill-down lists whose totals equal their cells.
/// </summary>
public abstract class ReportRunTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IAsyncLifetime where TDatabase : StorageDatabase
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private ReportKit _kit = null!;

    public async Task InitializeAsync()
    {
        _kit = new ReportKit(database);
        await _kit.SeedAsync(database);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<ReportResult> RunAsync(ReportDefinition report, ActingUser? user = null, TimeZoneInfo? zone = null)
    {
        var run = await _kit.Service.RunAsync(report, user ?? ReportKit.Admin, zone ?? Berlin, CancellationToken.None);
        Assert.True(run.IsValid, string.Join("; ", run.Problems.Select(p => $"{p.Code} {p.Path} {p.Message}")));
        return run.Result!;
    }

    /// <summary>The result as key → (count, sum), keys joined by '|'.</summary>
    private static Dictionary<string, (decimal Count, decimal Sum)> Cells(ReportResult result) =>
        result.Rows.ToDictionary(r => string.Join("|", r.Keys.Select(k => k ?? "-")), r => (r.Values[0]!.Value, Math.Round(r.Values[1] ?? 0, 2)));

    private static Dictionary<string, (decimal Count, decimal Sum)> Expected(IEnumerable<StoredRecord> records, Func<StoredRecord, string> key) =>
        records.GroupBy(key).ToDictionary(g => g.Key, g => ((decimal)g.Count(), Math.Round(g.Sum(r => r.Amount ?? 0), 2)));

    private static string LocalMonth(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        return new DateOnly(local.Year, local.Month, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Run_CreatedMonthByStage_InBerlin_EqualsCountsAndSumsComputedInCSharp()
    {
        var result = await RunAsync(_kit.Report(new ReportGrouping { Field = "created_at", Bucket = "month" }, new ReportGrouping { Field = "stage" }));

        var expected = Expected(_kit.Records, r => $"{LocalMonth(r.CreatedAt, Berlin)}|{r.Stage}");
        Assert.Equal(expected.OrderBy(p => p.Key), Cells(result).OrderBy(p => p.Key));
        // Rows come in time order, stages in pipeline order within a month.
        Assert.Equal(result.Rows.OrderBy(r => r.Keys[0]).ThenBy(r => Array.IndexOf(ReportKit.Stages, r.Keys[1])).Select(r => r.Cell), result.Rows.Select(r => r.Cell));
    }

    [Fact]
    public async Task Run_CreatedMonth_DiffersBetweenZones_WhereLocalMidnightMovesRecords()
    {
        var report = _kit.Report(new ReportGrouping { Field = "created_at", Bucket = "month" });

        var berlin = Cells(await RunAsync(report, zone: Berlin));
        var utc = Cells(await RunAsync(report, zone: TimeZoneInfo.Utc));

        Assert.Equal(Expected(_kit.Records, r => LocalMonth(r.CreatedAt, TimeZoneInfo.Utc)).OrderBy(p => p.Key), utc.OrderBy(p => p.Key));
        Assert.Equal(Expected(_kit.Records, r => LocalMonth(r.CreatedAt, Berlin)).OrderBy(p => p.Key), berlin.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Run_DemoDayBuckets_AcrossTheDstChange_PutEachRecordOnItsLocalDay()
    {
        var report = _kit.Report(new ReportGrouping { Field = "demo_at", Bucket = "day" }) with
        {
            Filters = [new ReportFilter { Field = "demo_at", Operator = "between", Values = ["2026-03-27", "2026-04-01"] }],
        };

        var result = await RunAsync(report);

        var from = new DateTime(2026, 3, 26, 23, 0, 0, DateTimeKind.Utc);  // 27 March 00:00 CET
        var to = new DateTime(2026, 4, 1, 22, 0, 0, DateTimeKind.Utc);     // 2 April 00:00 CEST
        var expected = Expected(_kit.Records.Where(r => r.Values["demo_at"] is DateTime d && d >= from && d < to),
            r => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc((DateTime)r.Values["demo_at"]!, Berlin)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), Cells(result).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Run_OwnerByStage_WithAllFilters_EqualsCSharp()
    {
        var report = _kit.Report(new ReportGrouping { Field = "owner" }, new ReportGrouping { Field = "stage" }) with
        {
            Filters =
            [
                new ReportFilter { Field = "source", Operator = "in", Values = ["web", "event"] },
                new ReportFilter { Field = "amount", Operator = "gte", Value = "2500" },
                new ReportFilter { Field = "signed", Operator = "eq", Value = "true" },
            ],
        };

        var result = await RunAsync(report);

        var expected = Expected(_kit.Records.Where(r => r.Values["source"] is "web" or "event" && r.Amount >= 2500m && r.Values["signed"] is true),
            r => $"{r.OwnerId}|{r.Stage}");
        Assert.NotEmpty(expected);
        Assert.Equal(expected.OrderBy(p => p.Key), Cells(result).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Run_SourceByStage_WithAnyFilters_EqualsCSharp_WithNoValueAsItsOwnGroup()
    {
        var report = _kit.Report(new ReportGrouping { Field = "source" }, new ReportGrouping { Field = "stage" }) with
        {
            Match = "any",
            Filters =
            [
                new ReportFilter { Field = "close_date", Operator = "before", Value = "2026-04-01" },
                new ReportFilter { Field = "name", Operator = "contains", Value = "DEAL 1" },
                new ReportFilter { Field = "amount", Operator = "empty" },
            ],
        };

        var result = await RunAsync(report);

        var expected = Expected(_kit.Records.Where(r =>
                r.Values["close_date"] is DateTime d && d < new DateTime(2026, 4, 1)
                || ((string)r.Values["name"]!).Contains("deal 1", StringComparison.OrdinalIgnoreCase)
                || r.Amount is null),
            r => $"{r.Values["source"] ?? "-"}|{r.Stage}");
        Assert.Contains(expected.Keys, k => k.StartsWith("-|", StringComparison.Ordinal));
        Assert.Equal(expected.OrderBy(p => p.Key), Cells(result).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Run_CloseDateByQuarter_WithAverageMinMax_EqualsCSharp()
    {
        var report = _kit.Report(new ReportGrouping { Field = "close_date", Bucket = "quarter" }) with
        {
            Measures = [new ReportMeasure { Aggregate = "avg", Field = "amount" }, new ReportMeasure { Aggregate = "min", Field = "amount" },
                new ReportMeasure { Aggregate = "max", Field = "amount" }],
        };

        var result = await RunAsync(report);

        var groups = _kit.Records.GroupBy(r => r.Values["close_date"] is DateTime d ? $"{d.Year}-{(d.Month - 1) / 3 * 3 + 1:00}-01" : "-");
        foreach (var group in groups)
        {
            var row = Assert.Single(result.Rows, r => (r.Keys[0] ?? "-") == group.Key);
            var amounts = group.Where(r => r.Amount is not null).Select(r => r.Amount!.Value).ToList();
            Assert.Equal(Math.Round(amounts.Average(), 2), Math.Round(row.Values[0]!.Value, 2));
            Assert.Equal(amounts.Min(), row.Values[1]);
            Assert.Equal(amounts.Max(), row.Values[2]);
        }
        Assert.Equal(groups.Count(), result.Rows.Count);
    }

    [Fact]
    public async Task Run_AsRep_CountsOnlyTheRepsOwnRecords()
    {
        var result = await RunAsync(_kit.Report(new ReportGrouping { Field = "owner" }), ReportKit.Rep1);

        var row = Assert.Single(result.Rows);
        Assert.Equal("rep1", row.Keys[0]);
        Assert.Equal(_kit.Records.Count(r => r.OwnerId == "rep1"), (int)row.Values[0]!.Value);
    }

    [Fact]
    public async Task Run_AsRep_WithAHiddenField_IsRefusedWithFieldForbidden()
    {
        var report = _kit.Report() with
        {
            Filters = [new ReportFilter { Field = "secret", Operator = "gt", Value = "50" }],
            Measures = [new ReportMeasure { Aggregate = "sum", Field = "secret" }],
        };

        var run = await _kit.Service.RunAsync(report, ReportKit.Rep1, Berlin, CancellationToken.None);
        var manager = await _kit.Service.RunAsync(report, ReportKit.Manager, Berlin, CancellationToken.None);

        Assert.Null(run.Result);
        Assert.Equal([("REPORT_FIELD_FORBIDDEN", "$.filters[0].field"), ("REPORT_FIELD_FORBIDDEN", "$.measures[0].field")],
            run.Problems.Select(p => (p.Code, p.Path)));
        Assert.True(manager.IsValid);
    }

    [Fact]
    public async Task Records_OfEveryCell_TotalEqualsTheCellsCount()
    {
        var report = _kit.Report(new ReportGrouping { Field = "created_at", Bucket = "week" }, new ReportGrouping { Field = "source" }) with
        {
            Filters = [new ReportFilter { Field = "stage", Operator = "neq", Value = "lost" }],
        };
        var result = await RunAsync(report, ReportKit.Manager);

        foreach (var row in result.Rows)
        {
            var records = await _kit.Service.RecordsAsync(report, row.Cell, ReportKit.Manager, Berlin, 1, 200, CancellationToken.None);
            Assert.Empty(records.Problems);
            Assert.Equal((int)row.Values[0]!.Value, records.Page!.Total);
            Assert.Equal(records.Page.Total, records.Page.Items.Count);
            Assert.All(records.Page.Items, r => Assert.Equal(row.Keys[1], r.Values["source"] as string));
        }
        Assert.Equal(_kit.Records.Count(r => r.Stage != "lost"), (int)result.Rows.Sum(r => r.Values[0]!.Value));
    }

    [Fact]
    public async Task Records_OfACellAsRep_LeaveOutTheHiddenField()
    {
        var report = _kit.Report(new ReportGrouping { Field = "stage" });
        var result = await RunAsync(report, ReportKit.Rep1);

        var records = await _kit.Service.RecordsAsync(report, result.Rows[0].Cell, ReportKit.Rep1, Berlin, 1, 200, CancellationToken.None);

        Assert.Equal((int)result.Rows[0].Values[0]!.Value, records.Page!.Total);
        Assert.All(records.Page.Items, r => Assert.Equal(("rep1", false), (r.OwnerId, r.Values.ContainsKey("secret"))));
    }
}
