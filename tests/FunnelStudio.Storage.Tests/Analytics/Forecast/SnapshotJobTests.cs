using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Storage.Analytics.Forecast;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Analytics.Forecast;

public sealed class SqliteSnapshotJobTests(SqliteDatabase database) : SnapshotJobTests<SqliteDatabase>(database);

public sealed class PostgresSnapshotJobTests(PostgresDatabase database) : SnapshotJobTests<PostgresDatabase>(database)
{
    [Fact]
    public async Task ConcurrentWritersOfOneDay_StoreItOnce()
    {
        var store = Database.Services.GetRequiredService<IForecastStore>();
        var obj = "race_" + Guid.NewGuid().ToString("N")[..8];
        var day = new DateOnly(2025, 3, 1);
        SnapshotRow[] rows = [new(day, "r1", day, "lead", 2, 100m, 5m), new(day, "r2", null, "sql", 1, 50m, 12.5m)];

        for (var round = 0; round < 5; round++)
        {
            var d = day.AddDays(round);
            var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.WriteSnapshotAsync(obj, d, rows.Select(r => r with { Day = d }).ToList(), CancellationToken.None)));
            var results = await Task.WhenAll(writers).Within();
            Assert.Single(results, r => r);
        }

        await using var db = Database.CreateContext();
        Assert.Equal(10, await db.Set<PipelineSnapshotRow>().CountAsync(r => r.Object == obj));
        Assert.Equal(5, await db.Set<PipelineSnapshotDayRow>().CountAsync(r => r.Object == obj));
    }
}

/// <summary>
/// The snapshot job: idempotent per day, a restart (a new instance) continues where the stored days
/// end, a gap is filled on the next run, and what it stores for a day does not depend on when it ran.
/// 
/// </summary>
public abstract class SnapshotJobTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    protected TDatabase Database => database;

    /// <summary>
    /// A kit on the package's object with one deal of <paramref name="owner"/>. Tests keep apart by
    /// year (the days they store) and owner (the rows they read).
    /// </summary>
    private async Task<(ForecastKit Kit, string Object)> KitAsync(int year, string owner)
    {
        var kit = new ForecastKit(database, "Asia/Shanghai", new DateTime(year, 5, 1, 0, 0, 0, DateTimeKind.Utc), backfillDays: 40);
        var histories = new DealHistories(ForecastKit.Forecasted);
        histories.Add(new DateTime(year, 4, 20, 10, 0, 0), histories.OpenStages[0], owner, 100m, new DateOnly(year, 6, 3))
            .Move(new DateTime(year, 5, 10, 10, 0, 0), histories.OpenStages[1])
            .Amount(new DateTime(year, 5, 20, 10, 0, 0), 300m)
            .Move(new DateTime(year, 7, 1, 0, 0, 0), histories.Lost);
        await using var db = database.CreateContext();
        await histories.WriteAsync(db);
        return (kit, histories.Object.Name);
    }

    private static Task<IReadOnlyList<SnapshotRow>> RowsAsync(ForecastKit kit, string obj, DateOnly day, string owner) =>
        kit.Store.SnapshotRowsAsync(obj, [day], CancellationToken.None)
            .ContinueWith(t => (IReadOnlyList<SnapshotRow>)t.Result.Where(r => r.OwnerId == owner).ToList());

    [Fact]
    public async Task RunTwice_TheSecondRunWritesNothing_AndEveryDayIsStoredOnce()
    {
        var (kit, obj) = await KitAsync(2021, "a1");
        kit.At(new DateTime(2021, 5, 31, 20, 0, 0)); // 1 June in Shanghai

        var first = await kit.Job().RunOnceAsync(CancellationToken.None);
        var second = await kit.Job().RunOnceAsync(CancellationToken.None);

        Assert.Equal(32, first); // 1 May to 1 June
        Assert.Equal(0, second);
        await using var db = database.CreateContext();
        Assert.Equal(32, await db.Set<PipelineSnapshotDayRow>().CountAsync(d => d.Object == obj && d.Day.Year == 2021));
        var june = await RowsAsync(kit, obj, new DateOnly(2021, 6, 1), "a1");
        Assert.Equal(300m, Assert.Single(june).Amount);
    }

    [Fact]
    public async Task AfterARestartAndMissedDays_TheNextRunFillsExactlyTheMissingDays_AsIfTakenOnTime()
    {
        var (kit, obj) = await KitAsync(2022, "b1");
        kit.At(new DateTime(2022, 5, 10, 1, 0, 0));
        Assert.Equal(10, await kit.Job().RunOnceAsync(CancellationToken.None));
        var onTime = await RowsAsync(kit, obj, new DateOnly(2022, 5, 10), "b1");
        // A day lost in the middle (as if a run failed half way), then the instance is down for ten days.
        await using (var db = database.CreateContext())
        {
            await db.Set<PipelineSnapshotRow>().Where(r => r.Object == obj && r.Day == new DateOnly(2022, 5, 4)).ExecuteDeleteAsync();
            await db.Set<PipelineSnapshotDayRow>().Where(r => r.Object == obj && r.Day == new DateOnly(2022, 5, 4)).ExecuteDeleteAsync();
        }
        kit.At(new DateTime(2022, 5, 20, 1, 0, 0));

        var written = await kit.Job().RunOnceAsync(CancellationToken.None); // a new instance: a restart

        Assert.Equal(11, written); // 4 May, and 11 to 20 May
        var days = await kit.Store.SnapshotDaysAsync(obj, new DateOnly(2022, 1, 1), new DateOnly(2022, 12, 31), CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 20).Select(d => new DateOnly(2022, 5, d)), days.Order());
        Assert.Equal(onTime, await RowsAsync(kit, obj, new DateOnly(2022, 5, 10), "b1"));
        // Taken late, 10 May still shows the stage and amount of 10 May 00:00 Shanghai (the move came at 18:00 there).
        var tenth = Assert.Single(onTime);
        Assert.Equal((100m, ForecastKit.Forecasted.Pipeline!.Stages.First(s => !s.IsTerminal).Name), (tenth.Amount, tenth.Stage));
    }

    [Fact]
    public async Task Backfill_GoesBackAtMostBackfillDays()
    {
        var (kit, obj) = await KitAsync(2023, "c1");
        kit.At(new DateTime(2023, 8, 1, 1, 0, 0));

        Assert.Equal(40, await kit.Job().RunOnceAsync(CancellationToken.None));
        var days = await kit.Store.SnapshotDaysAsync(obj, new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), CancellationToken.None);
        Assert.Equal(new DateOnly(2023, 6, 23), days.Min());
        Assert.Equal(new DateOnly(2023, 8, 1), days.Max());
    }
}
