using FunnelStudio.Reports;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Reports;

public sealed class SqliteReportLimitTests(SqliteDatabase database) : ReportLimitTests<SqliteDatabase>(database);

public sealed class PostgresReportLimitTests(PostgresDatabase database) : ReportLimitTests<PostgresDatabase>(database);

/// <summary>
/// The time limit of a run. How it is triggered, honestly: 40,000 records (300,000 on PostgreSQL) are inserted in one SQL
/// statement and the store is handed a query whose limit is 1 ms — the grouped run over them takes
/// tens of milliseconds on either provider, so the limit stops it mid-statement (PostgreSQL gets a
/// cancel request; SQLite's progress handler aborts the statement, see StatementLimit). The configured limit itself is whole seconds, checked at start.
/// </summary>
public abstract class ReportLimitTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private async Task<ReportKit> SeedManyAsync(int count)
    {
        var kit = new ReportKit(database);
        await using var db = database.CreateContext();
        var obj = kit.Object.Name;
        var salt = Random.Shared.Next(0x10000);
        var sql = database.Provider == StorageProvider.Postgres
            ? $"""
               INSERT INTO records (id, object, stage, owner_id, title, "values", created_at, updated_at, version, deleted, config_version, amount)
               SELECT gen_random_uuid(), '{obj}', 'lead', 'rep1', 'x' || g, jsonb_build_object('name', 'x' || g, 'amount', g),
                      TIMESTAMPTZ '2026-01-01 00:00:00+00' + g * INTERVAL '17 minutes', now(), 1, FALSE, 1, g
               FROM generate_series(1, {count}) g
               """
            : $"""
               WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < {count})
               INSERT INTO records (id, object, stage, owner_id, title, "values", created_at, updated_at, version, deleted, config_version, amount)
               SELECT printf('%08X-%04X-4000-8000-%012X', n, {salt}, n), '{obj}', 'lead', 'rep1', 'x' || n, json_object('name', 'x' || n, 'amount', n),
                      strftime('%Y-%m-%d %H:%M:%S', '2026-01-01', '+' || (n * 17) || ' minutes'), '2026-06-01 00:00:00', 1, 0, 1, n
               FROM g
               """;
        await db.Database.ExecuteSqlRawAsync(sql);
        return kit;
    }

    private IReportStore Store => database.Services.GetRequiredService<IReportStore>();

    [Fact]
    public async Task Run_LongerThanItsLimit_IsStoppedWithReportTimeout()
    {
        // PostgreSQL answers 40,000 rows within a timer tick; it gets more to chew on.
        var count = database.Provider == StorageProvider.Postgres ? 300_000 : 40_000;
        var kit = await SeedManyAsync(count);
        var created = ReportColumn.Resolve(kit.Object, "created_at")!;
        var range = await Store.RangeAsync(new ReportQuery(kit.Object.Name), created, CancellationToken.None);
        var calendar = new ReportCalendar(TimeZoneInfo.Utc);
        var starts = ReportCalendar.Buckets(calendar.DayOf((DateTime)range!.Value.Min), calendar.DayOf((DateTime)range.Value.Max), "day")!;
        var query = new ReportQuery(kit.Object.Name)
        {
            Groups = [new ReportGroupPlan(created) { BucketStarts = starts.Select(d => (object)calendar.StartOf(d)).ToList() }],
            Measures = [new ReportMeasurePlan("count", null), new ReportMeasurePlan("sum", ReportColumn.Resolve(kit.Object, "amount"))],
        };

        var unlimited = await Store.RunAsync(query, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ReportTimeoutException>(() => Store.RunAsync(query with { Timeout = TimeSpan.FromMilliseconds(1) }, CancellationToken.None));

        Assert.Equal(count, unlimited.Sum(r => r.Values[0]));
        Assert.Equal("REPORT_TIMEOUT", error.Code);
        // The connection goes back to the pool usable: the next run answers.
        Assert.Equal(unlimited.Count, (await Store.RunAsync(query, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Run_CancelledByItsCaller_IsACancellationNotATimeout()
    {
        var kit = await SeedManyAsync(100);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.RunAsync(new ReportQuery(kit.Object.Name) { Measures = [new ReportMeasurePlan("count", null)] }, cancelled.Token));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("601")]
    [InlineData("ten")]
    [InlineData("1.5")]
    public void Options_WithABadTimeout_AreRefusedAtStart(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ReportOptions.Read(key => key == ReportOptions.TimeoutKey ? value : null));

        Assert.Contains(ReportOptions.TimeoutKey, error.Message);
    }

    [Fact]
    public void Options_ByDefault_LimitARunToTenSeconds_AndReadTheSetting()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), ReportOptions.Read(_ => null).Timeout);
        Assert.Equal(TimeSpan.FromSeconds(3), ReportOptions.Read(_ => "3").Timeout);
    }
}
