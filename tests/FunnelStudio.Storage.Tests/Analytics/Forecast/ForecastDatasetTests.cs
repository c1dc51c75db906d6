using System.Collections.Concurrent;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Analytics.Forecast;

public sealed class SqliteForecastDatasetTests(SqliteDatabase database) : ForecastDatasetTests<SqliteDatabase>(database);

public sealed class PostgresForecastDatasetTests(PostgresDatabase database) : ForecastDatasetTests<PostgresDatabase>(database);

/// <summary>
/// The forecast's share of the correctness dataset: generated histories (moves back, reopened and
/// lost-then-won deals, deleted ones, owners, amounts and close dates changed, steps near month
/// starts) plus hand-built ones, in a non-UTC zone. Every snapshot row, forecast, won, error, accuracy
/// and drill-down count is compared with what replaying the events in C# gives.
/// </summary>
public abstract class ForecastDatasetTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private const string Zone = "America/New_York";
    private static readonly DateTime GoLive = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly FirstMonth = new(2025, 1, 1);
    private static readonly DateOnly LastMonth = new(2025, 7, 1);
    private static readonly ConcurrentDictionary<StorageDatabase, Lazy<Task<DealHistories>>> Datasets = new();

    private readonly ForecastKit _kit = new(database, Zone, GoLive);

    /// <summary>The dataset, written once per database; every test reads it (the job is idempotent, so each may run it).</summary>
    private async Task<DealHistories> DatasetAsync()
    {
        var histories = await Datasets.GetOrAdd(database, db => new Lazy<Task<DealHistories>>(() => WriteDatasetAsync(db))).Value;
        _kit.At(new DateTime(2025, 7, 15, 12, 0, 0, DateTimeKind.Utc));
        await _kit.Job().RunOnceAsync(CancellationToken.None);
        return histories;
    }

    private static async Task<DealHistories> WriteDatasetAsync(StorageDatabase db)
    {
        var histories = new DealHistories(ForecastKit.Forecasted);
        histories.Generate(seed: 20250101, count: 120, GoLive, new DateTime(2025, 7, 10, 0, 0, 0, DateTimeKind.Utc), ["r1", "r2", "r3", null]);
        HandBuilt(histories);
        await using var context = db.CreateContext();
        await histories.WriteAsync(context);
        return histories;
    }

    /// <summary>Owner "h1": histories whose answers are also asserted by hand below.</summary>
    private static void HandBuilt(DealHistories h)
    {
        var open = h.OpenStages;
        // Lost in January, won again at 03:00 UTC on 1 February — still 31 January in New York: won in January.
        h.Add(new DateTime(2025, 1, 3, 15, 0, 0), open[0], "h1", 1000m, new DateOnly(2025, 2, 10))
            .Move(new DateTime(2025, 1, 15, 15, 0, 0), h.Lost).Move(new DateTime(2025, 2, 1, 3, 0, 0), h.Won);
        // Won, then reopened in the same month: its last move into a terminal stage in March is the win.
        h.Add(new DateTime(2025, 2, 20, 15, 0, 0), open[1], "h1", 2000m, new DateOnly(2025, 3, 20))
            .Move(new DateTime(2025, 3, 5, 15, 0, 0), h.Won).Move(new DateTime(2025, 3, 9, 15, 0, 0), open[1]);
        // Open at 1 April 00:00 New York (04:00 UTC) with the amount and close date it had then, changed at 05:00 UTC.
        h.Add(new DateTime(2025, 3, 1, 15, 0, 0), open[2], "h1", 400m, new DateOnly(2025, 4, 30))
            .Amount(new DateTime(2025, 4, 1, 5, 0, 0), 9000m).Close(new DateTime(2025, 4, 1, 5, 0, 0), new DateOnly(2025, 9, 1))
            .Owner(new DateTime(2025, 4, 1, 6, 0, 0), "r1");
        // Deleted: never counted.
        h.Add(new DateTime(2025, 3, 1, 15, 0, 0), open[2], "h1", 777m, new DateOnly(2025, 4, 15)).Deleted = true;
    }

    [Fact]
    public async Task SnapshotJob_StoresEveryDaySinceGoLive_EachEqualToTheReplayAtThatDaysStart()
    {
        var histories = await DatasetAsync();
        var calendar = _kit.Calendar;
        var first = calendar.DayOf(GoLive);
        var today = new DateOnly(2025, 7, 15);
        var days = Enumerable.Range(0, today.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();

        var stored = await _kit.Store.SnapshotDaysAsync(histories.Object.Name, first, today, CancellationToken.None);
        var rows = await _kit.Store.SnapshotRowsAsync(histories.Object.Name, days, CancellationToken.None);

        Assert.Equal(days, stored.Order());
        foreach (var day in days)
        {
            var expected = ExpectedRows(histories, day).Select(Key).ToList();
            Assert.Equal(expected, rows.Where(r => r.Day == day).Select(Key).Order(StringComparer.Ordinal).ToList());
        }
        Assert.Contains(rows, r => r.Count > 1);
    }

    [Fact]
    public async Task DaysCarriedForwardByTheJob_EqualEachDayReconstructedOnItsOwn()
    {
        var histories = await DatasetAsync();
        var obj = histories.Object;
        var days = Enumerable.Range(0, 40).Select(i => new DateOnly(2025, 3, 20).AddDays(i)).ToList();
        var stored = await _kit.Store.SnapshotRowsAsync(obj.Name, days, CancellationToken.None);

        foreach (var day in days)
        {
            var open = await _kit.Store.OpenRecordsAsync(obj, _kit.Calendar.StartUtc(day), CancellationToken.None);
            var alone = SnapshotBuilder.Build(obj, day, open, _kit.Calendar).Select(Key).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(alone, stored.Where(r => r.Day == day).Select(Key).Order(StringComparer.Ordinal).ToList());
        }
        Assert.True(stored.Select(r => r.Day).Distinct().Count() == days.Count, "every day of the range is stored");
    }

    [Fact]
    public async Task Forecast_PerMonthAndPerOwner_EqualsTheReplay()
    {
        var histories = await DatasetAsync();
        var report = await _kit.Service.ForecastAsync(new ForecastQuery(histories.Object.Name, FirstMonth, LastMonth) { ByOwner = true },
            ForecastKit.Admin, CancellationToken.None);

        Assert.Equal(7, report.Months.Count);
        foreach (var month in report.Months) AssertMonth(histories, month, _ => true);
        Assert.All(report.ByOwner, m => AssertMonth(histories, m, owner => owner == m.OwnerId));
        Assert.Contains(report.Months, m => m.Won > 0 && m.Forecast > 0 && m.Accuracy is not null);
        Assert.Equal(report.Months.Sum(m => m.Won), report.ByOwner.Sum(m => m.Won));
    }

    [Fact]
    public async Task HandBuiltHistories_CountWhereTheDefinitionsSay()
    {
        var histories = await DatasetAsync();
        var report = await _kit.Service.ForecastAsync(new ForecastQuery(histories.Object.Name, FirstMonth, LastMonth) { Owners = ["h1"] },
            ForecastKit.Admin, CancellationToken.None);
        var byMonth = report.Months.ToDictionary(m => m.Month);

        Assert.Equal((1000m, 1), (byMonth[new(2025, 1, 1)].Won, byMonth[new(2025, 1, 1)].WonCount));
        Assert.Equal(0, byMonth[new(2025, 2, 1)].WonCount);
        Assert.Equal((2000m, 1), (byMonth[new(2025, 3, 1)].Won, byMonth[new(2025, 3, 1)].WonCount));
        var april = byMonth[new(2025, 4, 1)];
        var probability = histories.Probability(histories.OpenStages[2]);
        Assert.Equal((1, 400m, 400m * probability / 100m), (april.ForecastCount, april.ForecastAmount, april.Forecast));
        Assert.Equal(0m, april.Won);
        Assert.Equal(-400m * probability / 100m, april.Error);
        Assert.Equal(0m, april.Accuracy);
    }

    [Fact]
    public async Task Rep_SeesOnlyTheFiguresOfTheirOwnRecords()
    {
        var histories = await DatasetAsync();
        var rep = new ActingUser("r1", "Rep One", [RepRole]);
        var mine = await _kit.Service.ForecastAsync(new ForecastQuery(histories.Object.Name, FirstMonth, LastMonth), rep, CancellationToken.None);
        var others = await _kit.Service.ForecastAsync(new ForecastQuery(histories.Object.Name, FirstMonth, LastMonth) { Owners = ["r2"] }, rep, CancellationToken.None);

        foreach (var month in mine.Months) AssertMonth(histories, month, owner => owner == "r1");
        Assert.Contains(mine.Months, m => m.WonCount > 0);
        Assert.All(others.Months, m => Assert.Equal((0, 0m, 0), (m.WonCount, m.Won, m.ForecastCount)));
    }

    [Fact]
    public async Task DrillDown_ListsAsManyRecordsAsEachFigureCounts_WithTheSameAmount()
    {
        var histories = await DatasetAsync();
        var report = await _kit.Service.ForecastAsync(new ForecastQuery(histories.Object.Name, FirstMonth, LastMonth), ForecastKit.Admin, CancellationToken.None);
        foreach (var month in report.Months)
        {
            var forecast = await _kit.Service.DrillAsync(new ForecastDrillQuery(histories.Object.Name, month.Month, ForecastFigure.Forecast) { PageSize = 200 },
                ForecastKit.Admin, CancellationToken.None);
            var won = await _kit.Service.DrillAsync(new ForecastDrillQuery(histories.Object.Name, month.Month, ForecastFigure.Won) { PageSize = 200 },
                ForecastKit.Admin, CancellationToken.None);
            Assert.Equal((month.ForecastCount, month.ForecastAmount), (forecast.Total, forecast.Amount));
            Assert.Equal(forecast.Total, forecast.Items.Count);
            Assert.Equal((month.WonCount, month.Won), (won.Total, won.Amount));
            Assert.Equal(histories.WonIn(Start(month.Month), Start(month.Month.AddMonths(1))).Select(w => w.Deal.Id).Order(), won.Items.Select(i => i.Id).Order());
        }
    }

    [Fact]
    public async Task HiddenAmountField_RefusesTheForecast_WithItsCode()
    {
        var histories = await DatasetAsync();
        var package = ForecastKit.Package.Value;
        var obj = histories.Object;
        var roles = package.Definition.Roles.Select(r => r.Name != RepRole ? r : r with
        {
            Permissions = r.Permissions.ToDictionary(p => p.Key, p => p.Key != obj.Name ? p.Value : p.Value with
            {
                Fields = p.Value.Fields.Concat([new KeyValuePair<string, FieldAccess>(obj.Amount!.Name, FieldAccess.Hidden)]).ToDictionary(),
            }),
        }).ToList();
        var hidden = new CompiledPackage(package.Definition with { Roles = roles }, package.Objects);
        var kit = new ForecastKit(database, Zone, GoLive, hidden);

        var refused = await Assert.ThrowsAsync<ForecastQueryException>(() => kit.Service.ForecastAsync(
            new ForecastQuery(obj.Name, FirstMonth, LastMonth), new ActingUser("r1", "Rep One", [RepRole]), CancellationToken.None));
        Assert.Equal(ForecastErrors.FieldForbidden, refused.Code);
        Assert.Equal(7, (await kit.Service.ForecastAsync(new ForecastQuery(obj.Name, FirstMonth, LastMonth), ForecastKit.Admin, CancellationToken.None)).Months.Count);
    }

    /// <summary>The package's role that reads only its own deals.</summary>
    private static string RepRole => ForecastKit.Package.Value.Definition.Roles
        .First(r => !r.Admin && r.On(ForecastKit.Forecasted.Name).Read == AccessScope.Own).Name;

    private DateTime Start(DateOnly day) => _kit.Calendar.StartUtc(day);

    private void AssertMonth(DealHistories histories, ForecastMonth month, Func<string?, bool> owners)
    {
        var at = Start(month.Month);
        var open = histories.AsOf(at).Where(x => owners(x.State.Owner) && histories.OpenStages.Contains(x.State.Stage)
            && x.State.Close is { } close && new DateOnly(close.Year, close.Month, 1) == month.Month).ToList();
        var weighted = open.Sum(x => (x.State.Amount ?? 0m) * histories.Probability(x.State.Stage) / 100m);
        var won = histories.WonIn(at, Start(month.Month.AddMonths(1))).Where(w => owners(w.Owner)).ToList();
        var wonAmount = won.Sum(w => w.Deal.StateAt(w.Move.At)!.Amount ?? 0m);
        Assert.True(month.HasSnapshot);
        Assert.Equal((open.Count, Round(open.Sum(x => x.State.Amount ?? 0m)), Round(weighted)),
            (month.ForecastCount!.Value, Round(month.ForecastAmount!.Value), Round(month.Forecast!.Value)));
        Assert.Equal((won.Count, wonAmount), (month.WonCount, month.Won));
        Assert.Equal(Round(wonAmount - weighted), Round(month.Error!.Value));
        Assert.Equal(weighted == 0 ? (decimal?)null : Round(Math.Max(0, 1 - Math.Abs(wonAmount - weighted) / weighted)), month.Accuracy is { } a ? Round(a) : (decimal?)null);
    }

    private List<SnapshotRow> ExpectedRows(DealHistories histories, DateOnly day) =>
        histories.AsOf(Start(day)).Where(x => histories.OpenStages.Contains(x.State.Stage))
            .GroupBy(x => (x.State.Owner, Close: x.State.Close is { } c ? new DateOnly(c.Year, c.Month, 1) : (DateOnly?)null, x.State.Stage))
            .Select(g => new SnapshotRow(day, g.Key.Owner, g.Key.Close, g.Key.Stage, g.Count(), g.Sum(x => x.State.Amount ?? 0m),
                g.Sum(x => (x.State.Amount ?? 0m) * histories.Probability(g.Key.Stage) / 100m)))
            .OrderBy(Key, StringComparer.Ordinal).ToList();

    private static string Key(SnapshotRow r) =>
        $"{r.Day:yyyy-MM-dd}|{r.OwnerId}|{r.CloseMonth:yyyy-MM-dd}|{r.Stage}|{r.Count}|{Text(r.Amount)}|{Text(r.WeightedAmount)}";

    // The same number whatever scale the database gave it back with.
    private static string Text(decimal value) => Round(value).ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    private static decimal Round(decimal value) => Math.Round(value, 4);
}
