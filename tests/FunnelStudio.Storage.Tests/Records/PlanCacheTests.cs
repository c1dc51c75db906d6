using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Tests.Records;

/// <summary>
/// A list page and the board are prepared statements that PostgreSQL plans once and reuses (a
/// generic plan): planning them on every call cost 0.4–1.3 ms of database CPU per page. It only
/// does so when the generic plan is not dearer than the custom ones, which an unknown LIMIT made it.
/// </summary>
public sealed class PlanCacheTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Calls = 8;

    /// <summary>
    /// Enough rows, with statistics, that a plan guessing a tenth of them looks dear — on a nearly
    /// empty table every plan is cheap and PostgreSQL reuses it whatever the SQL.
    /// </summary>
    private async Task<string> SeedAsync()
    {
        var obj = database.Objects.NewDeal();
        await using var db = database.CreateContext();
        // The statistics the planner compares plans with must be the ones this test makes: an autovacuum
        // arriving between the insert and the test (as it did in a busy full run) sets the visibility map,
        // and with it PostgreSQL sometimes keeps custom plans for this query, with the covering owner index
        // and with the plain one alike (tried with VACUUM: 0 generic plans in 8 in one run of two, either index).
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE records SET (autovacuum_enabled = false)");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO records (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, updated_by, " +
            "stage_entered_at, version, deleted, config_version, amount) " +
            "SELECT gen_random_uuid(), {0}, (ARRAY['lead','mql','sql'])[1 + n % 3], 'rep' || (1 + n % 4), 'Deal ' || n, " +
            "jsonb_build_object('amount', n % 5000), now(), now() - n * interval '1 minute', 'seed', 'seed', now(), 1, FALSE, 1, n % 5000 " +
            "FROM generate_series(1, 30000) AS n", obj);
        await db.Database.ExecuteSqlRawAsync("ANALYZE records");
        return obj;
    }

    [Fact]
    public async Task APageQuery_IsPlannedOnceAndReused()
    {
        var query = new RecordQuery(await SeedAsync())
        {
            Stage = "lead", VisibleOwners = ["rep1"], Sort = "amount", SortType = Metadata.FieldType.Currency,
        };

        var (generic, custom) = await PlansAsync(sql => RecordSql.Page(SqlDialect.For(StorageProvider.Postgres), sql, query, page: 3, pageSize: 50));

        Assert.True(generic >= Calls - 5, $"{generic} generic and {custom} custom plans in {Calls} calls");
    }

    [Fact]
    public async Task TheBoardQuery_IsPlannedOnceAndReused()
    {
        var obj = await SeedAsync();

        var (generic, custom) = await PlansAsync(sql => RecordSql.Board(SqlDialect.For(StorageProvider.Postgres), sql, obj,
            ["lead", "mql", "sql"], ["rep1", "rep2"], owner: null, cardsPerStage: 20));

        Assert.True(generic >= Calls - 5, $"{generic} generic and {custom} custom plans in {Calls} calls");
    }

    /// <summary>Prepares the statements on one connection, runs them, and asks PostgreSQL how it planned them.</summary>
    private async Task<(long Generic, long Custom)> PlansAsync(Action<SqlCommandBuilder> build)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        var sql = new SqlCommandBuilder(command, db.GetService<IRelationalTypeMappingSource>());
        build(sql);
        var prepared = sql.Build();
        await prepared.PrepareAsync();
        for (var i = 0; i < Calls; i++)
        {
            await using var reader = await prepared.ExecuteReaderAsync();
            do { while (await reader.ReadAsync()) { } } while (await reader.NextResultAsync());
        }

        await using var plans = connection.CreateCommand();
        // The records statement (the totals statement beside it is trivial either way).
        plans.CommandText = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM records r%' ORDER BY generic_plans LIMIT 1";
        await using var result = await plans.ExecuteReaderAsync();
        Assert.True(await result.ReadAsync(), "the statement was not prepared");
        return (result.GetInt64(0), result.GetInt64(1));
    }
}
