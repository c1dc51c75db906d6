using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Analytics;
using FunnelStudio.Storage.Analytics.Rollups;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Analytics.Rollups;

public sealed class SqliteDayRollupTests(RolledUpAnalyticsWorld<SqliteDatabase> world) : DayRollupTests<SqliteDatabase>(world);

public sealed class PostgresDayRollupTests(RolledUpAnalyticsWorld<PostgresDatabase> world) : DayRollupTests<PostgresDatabase>(world);

/// <summary>
/// The per-day rollups themselves: that whole days are read from them (a changed rollup row changes the figure),
/// that every kind of write leaves marks and the figures equal the history's before and after the days are
/// rebuilt, that two rebuilds at once store each group once, that rollups built for another zone are not read, and
/// that an object the package dropped loses its rollups.
/// Each test compares <see cref="RollupAnalyticsStore"/> with <see cref="EfAnalyticsStore"/> on the same scopes.
/// </summary>
public abstract class DayRollupTests<TDatabase>(RolledUpAnalyticsWorld<TDatabase> world)
    : IClassFixture<RolledUpAnalyticsWorld<TDatabase>> where TDatabase : StorageDatabase, new()
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly string[] Terminals = ["closed_lost", "closed_won", "no_fit"];

    private IAnalyticsStore Rolled => world.Services.GetRequiredService<IAnalyticsStore>();
    private EfAnalyticsStore History => world.Services.GetRequiredService<EfAnalyticsStore>();
    private DayRollupMaintainer Maintainer => world.Services.GetRequiredService<DayRollupMaintainer>();

    [Theory]
    [InlineData("u-admin", null)]      // every owner: the rows summed over owners
    [InlineData("u-admin", "owner")]   // every owner, split by owner: each owner's rows
    [InlineData("u-r1", null)]         // one owner's rows
    public async Task WholeDays_AreReadFromTheRollups_SoAChangedRollupRowChangesTheFigure(string user, string? split)
    {
        var scope = (await ScopeAsync(user)) with { SplitBy = split };
        var before = await Rolled.PeriodKpisAsync(scope, [Scenario.Spring], None);
        Assert.Equal(Show(await History.PeriodKpisAsync(scope, [Scenario.Spring], None)), Show(before));
        var owner = split is null && user == "u-admin" ? null : "u-r1";
        var slice = split is null ? null : owner;   // the rows of the tampered owner's figures

        await SqlAsync(TamperOneSpringDay(owner));
        try
        {
            var tampered = await Rolled.PeriodKpisAsync(scope, [Scenario.Spring], None);
            Assert.Equal(before.Where(r => r.Period == 0 && r.Split == slice).Sum(r => r.Created) + 1000,
                tampered.Where(r => r.Period == 0 && r.Split == slice).Sum(r => r.Created));
            Assert.Equal(before.Where(r => r.Period == 0 && r.Split != slice).Sum(r => r.Created),
                tampered.Where(r => r.Period == 0 && r.Split != slice).Sum(r => r.Created));
        }
        finally
        {
            await SqlAsync("UPDATE analytics_day_rollups SET count = count - 1000 WHERE count >= 1000 AND kind = 0");
        }
    }

    [Theory]
    [InlineData("u-admin")]
    [InlineData("u-r1")]
    public async Task APeriodThatCutsMonths_ReadsItsWholeMonthsFromMonthRows_AndTheRestFromDayRows(string user)
    {
        // Mid-March to mid-August: the whole months April–July from month rows, the two half months from day rows.
        var period = new Period(Scenario.Spring.Start.AddDays(14), Scenario.Spring.End.AddDays(-17));
        var scope = await ScopeAsync(user);
        var owner = user == "u-admin" ? null : "u-r1";
        var before = await Rolled.PeriodKpisAsync(scope, [period], None);
        Assert.Equal(Show(await History.PeriodKpisAsync(scope, [period], None)), Show(before));

        foreach (var (grain, part) in new[] { (RollupGrain.Day, new Period(period.Start, Scenario.Spring.Start.AddDays(31))),
                                              (RollupGrain.Month, new Period(Scenario.Spring.Start.AddDays(31), Scenario.Spring.End.AddDays(-31))),
                                              (RollupGrain.Day, new Period(Scenario.Spring.End.AddDays(-31), period.End)) })
        {
            await SqlAsync(Tamper(owner, grain, part));
            try
            {
                Assert.Equal(before.Sum(r => r.Created) + 1000, (await Rolled.PeriodKpisAsync(scope, [period], None)).Sum(r => r.Created));
            }
            finally
            {
                await SqlAsync("UPDATE analytics_day_rollups SET count = count - 1000 WHERE count >= 1000 AND kind = 0");
            }
        }
    }

    [Fact]
    public async Task EveryKindOfWrite_LeavesMarks_AndTheFiguresEqualTheHistory_BeforeAndAfterTheDaysAreRebuilt()
    {
        await using (var db = world.Database.CreateContext())
        {
            var live = await db.Records.Where(r => r.Object == HistoryGenerator.Object && !r.Deleted && r.OwnerId != null)
                .OrderBy(r => r.CreatedAt).Take(200).ToListAsync();
            var nextId = await db.StageHistory.MaxAsync(h => h.Id) + 1000;
            // A win in the spring for a deal, and a move out of its stage before that.
            var won = live[10];
            db.StageHistory.Add(new StageHistoryRow
            {
                Id = nextId, RecordId = won.Id, Object = won.Object, FromStage = won.Stage, ToStage = "closed_won",
                At = new DateTime(2026, 5, 20, 8, 0, 0, DateTimeKind.Utc), SecondsInPreviousStage = 86_400 * 3, Amount = 1234.5m,
            });
            live[20].Amount = (live[20].Amount ?? 0) + 99_999m;   // the funnel counts current amounts
            live[30].OwnerId = live[31].OwnerId == live[30].OwnerId ? "u-r2" : live[31].OwnerId; // reassigned
            live[40].Deleted = true;                               // deleted records leave every figure
            await db.SaveChangesAsync();
            var move = await db.StageHistory.Where(h => h.RecordId == live[50].Id).OrderByDescending(h => h.At).FirstAsync();
            db.StageHistory.Remove(move);                          // a move taken out of the history
            await db.SaveChangesAsync();
        }

        Assert.True(await CountAsync("SELECT COUNT(*) FROM analytics_rollup_marks") > 0, "the writes left no marks");
        await AssertSameAsHistoryAsync("marked, not rebuilt");

        await DayRollupJob.RunOnceAsync(Maintainer, world.Services.GetRequiredService<IPackageRuntime>(), None);

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_marks"));
        await AssertSameAsHistoryAsync("rebuilt");
    }

    [Fact]
    public async Task TwoRebuildsAtOnce_StoreEachGroupOnce()
    {
        // Every day of one owner marked, as a reassignment of many deals would.
        await SqlAsync("INSERT INTO analytics_rollup_marks (object, owner_id, at) SELECT object, COALESCE(owner_id, ''), at FROM stage_history " +
                       $"WHERE owner_id = 'u-r1' AND object = '{HistoryGenerator.Object}'");
        var other = new DayRollupMaintainer(world.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(),
            world.Services.GetRequiredService<FunnelStudioStorageOptions>(),
            world.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AnalyticsOptions>>(), TimeProvider.System);

        await Task.WhenAll(Drain(Maintainer), Drain(other));

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_marks"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM (SELECT object, owner_id, grain, day, kind, stage FROM analytics_day_rollups " +
                                         "GROUP BY object, owner_id, grain, day, kind, stage HAVING COUNT(*) > 1) d"));
        await AssertSameAsHistoryAsync("after two rebuilds at once");

        static async Task Drain(DayRollupMaintainer maintainer)
        {
            while (await maintainer.RefreshAsync(HistoryGenerator.Object, Terminals, None) > 0) { }
        }
    }

    [Fact]
    public async Task RollupsBuiltForAnotherZone_AreNotRead_AndTheJobBuildsThemAgain()
    {
        var scope = await ScopeAsync("u-admin");
        await SqlAsync("UPDATE analytics_rollup_states SET zone = 'UTC'");
        await SqlAsync("UPDATE analytics_day_rollups SET count = count + 1000 WHERE kind = 0");
        try
        {
            Assert.Equal(Show(await History.PeriodKpisAsync(scope, [Scenario.Spring], None)), Show(await Rolled.PeriodKpisAsync(scope, [Scenario.Spring], None)));

            Assert.True(await Maintainer.EnsureBuiltAsync(HistoryGenerator.Object, Terminals, None), "the job did not build rollups for the new zone");
            Assert.False(await Maintainer.EnsureBuiltAsync(HistoryGenerator.Object, Terminals, None), "built twice for the same zone");
            await SqlAsync(TamperOneSpringDay(null));
            Assert.NotEqual(Show(await History.PeriodKpisAsync(scope, [Scenario.Spring], None)), Show(await Rolled.PeriodKpisAsync(scope, [Scenario.Spring], None)));
        }
        finally
        {
            await SqlAsync("UPDATE analytics_rollup_states SET zone = 'Asia/Shanghai', built = FALSE");
            await Maintainer.EnsureBuiltAsync(HistoryGenerator.Object, Terminals, None);
        }
        await AssertSameAsHistoryAsync("rebuilt after the zone test");
    }

    [Fact]
    public async Task AnObjectThePackageNoLongerHas_LosesItsRollupState_AndItsMarks()
    {
        await SqlAsync("INSERT INTO analytics_rollup_states (object, zone, terminals, built, updated_at) VALUES ('gone_thing', 'UTC', '', TRUE, '2026-01-01')");
        await SqlAsync("INSERT INTO analytics_rollup_marks (object, owner_id, at) VALUES ('gone_thing', '', '2026-01-01')");

        await DayRollupJob.RunOnceAsync(Maintainer, world.Services.GetRequiredService<IPackageRuntime>(), None);

        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_states WHERE object = 'gone_thing'"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_marks WHERE object = 'gone_thing'"));
        Assert.Equal(1, await CountAsync($"SELECT COUNT(*) FROM analytics_rollup_states WHERE object = '{HistoryGenerator.Object}' AND built = TRUE"));
    }

    [Fact]
    public async Task RollupsTurnedOff_AreDropped_SoNoWriteLeavesMarksAnymore()
    {
        var off = new DayRollupJob(Maintainer, world.Services.GetRequiredService<IPackageRuntime>(), new DayRollupOptions { Enabled = false },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DayRollupJob>.Instance);
        try
        {
            await off.StartAsync(None);
            await off.ExecuteTask!;

            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_states"));
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_day_rollups"));
            await SqlAsync($"UPDATE records SET amount = COALESCE(amount, 0) + 1 WHERE object = '{HistoryGenerator.Object}' AND deleted = FALSE AND owner_id = 'u-r1'");
            Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM analytics_rollup_marks"));
            var scope = await ScopeAsync("u-admin");
            Assert.Equal(Show(await History.PeriodKpisAsync(scope, [Scenario.Spring], None)), Show(await Rolled.PeriodKpisAsync(scope, [Scenario.Spring], None)));
        }
        finally
        {
            await DayRollupJob.RunOnceAsync(Maintainer, world.Services.GetRequiredService<IPackageRuntime>(), None);
        }
        await AssertSameAsHistoryAsync("built again after being turned off");
    }

    /// <summary>Every figure the rollups answer, for several users and both period shapes, equals the history's.</summary>
    private async Task AssertSameAsHistoryAsync(string when)
    {
        Period[] periods = [Scenario.Spring, Scenario.Spring.Previous, Scenario.Autumn];
        foreach (var (user, split) in new[] { ("u-admin", (string?)null), ("u-admin", "owner"), ("u-m1", null), ("u-r1", null) })
        {
            var scope = (await ScopeAsync(user)) with { SplitBy = split };
            var where = $"{when}, {user} split {split ?? "none"}";
            Assert.True(Show(await History.PeriodKpisAsync(scope, periods, None)) == Show(await Rolled.PeriodKpisAsync(scope, periods, None)), $"{where}: KPIs differ");
            foreach (var period in periods)
            {
                Assert.True(Show(await History.FunnelAsync(scope, period, FunnelMode.Period, None)) == Show(await Rolled.FunnelAsync(scope, period, FunnelMode.Period, None)),
                    $"{where}: funnel of {period} differs");
                Assert.True(Show(await History.TimeInStageAsync(scope, period, None)) == Show(await Rolled.TimeInStageAsync(scope, period, None)),
                    $"{where}: time in stage of {period} differs");
            }
        }
    }

    private async Task<AnalyticsScope> ScopeAsync(string user) =>
        (await world.Services.GetRequiredService<AnalyticsScopes>().ForAsync(AnalyticsWorld<TDatabase>.User(user),
            new AnalyticsRequest(HistoryGenerator.Object, Scenario.Spring.Start, Scenario.Spring.End), None)).Scope;

    /// <summary>
    /// Adds 1,000 creations to the first stored spring month of <paramref name="owner"/> (null: the rows summed over
    /// owners): the spring is whole months, so its month rows are read, not its days' rows.
    /// </summary>
    private static string TamperOneSpringDay(string? owner) => Tamper(owner, RollupGrain.Month, Scenario.Spring);

    private static string Tamper(string? owner, short grain, Period period) =>
        "UPDATE analytics_day_rollups SET count = count + 1000 WHERE id = (SELECT MIN(id) FROM analytics_day_rollups WHERE kind = 0 " +
        $"AND grain = {grain} AND owner_id {(owner is null ? "IS NULL" : $"= '{owner}'")} AND day >= {Day(period.Start)} AND day < {Day(period.End)})";

    private static int Day(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, HistoryGenerator.Shanghai)).DayNumber;

    /// <summary>
    /// Rows in a fixed order, numbers rounded past float noise, so two answers compare as text. A sum over no amount
    /// is null on PostgreSQL and 0 on SQLite (TOTAL), which the service reads alike (AnalyticsAssembly): shown as 0.
    /// </summary>
    private static string Show<T>(IEnumerable<T> rows) where T : notnull =>
        string.Join("\n", rows.Select(r => string.Join("|", typeof(T).GetProperties().Select(p =>
            Round(p.GetValue(r) ?? (p.PropertyType == typeof(decimal?) && p.Name != nameof(PeriodKpiRow.AverageDealSize) ? 0m : null))))).Order(StringComparer.Ordinal));

    private static string Round(object? value) => value switch
    {
        null => "null",
        double d => d.ToString("0.000000", CultureInfo.InvariantCulture),
        decimal m => Math.Round(m, 2).ToString("0.00", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private async Task SqlAsync(string sql)
    {
        await using var db = world.Database.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var db = world.Database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
