using System.Data.Common;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteTotalsTests(SqliteDatabase database) : TotalsTests<SqliteDatabase>(database);

public sealed class PostgresTotalsTests(PostgresDatabase database) : TotalsTests<PostgresDatabase>(database);

/// <summary>
/// <c>record_totals</c>, which the board and the unsearched list counts read: after any mix of
/// creates, moves, owner and amount changes and deletes — also concurrent ones — it holds exactly
/// what counting the records says.
/// </summary>
public abstract class TotalsTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private IRecordStore Store => database.Store;

    /// <summary>Creates as the pipeline does (batched with others on PostgreSQL), or with field history (one by one).</summary>
    private Task<StoredRecord> CreateAsync(string obj, string title, decimal? amount, string stage, string owner, bool withFieldHistory = false)
    {
        var record = TestObjects.Record(obj, title, amount, stage, owner);
        return Store.PersistAsync(withFieldHistory ? TestObjects.Create(record) : TestObjects.CreateWithoutFieldHistory(record), CancellationToken.None);
    }

    private Task<StoredRecord> ChangeAsync(StoredRecord current, Func<StoredRecord, StoredRecord> change)
    {
        var changed = change(current) with { UpdatedAt = DateTime.UtcNow };
        changed = changed with { Values = changed.Values.With("amount", changed.Amount) };
        return Store.PersistAsync(TestObjects.Update(current, changed, current.Version), CancellationToken.None);
    }

    [Fact]
    public async Task Totals_FollowCreateMoveOwnerChangeAmountChangeAndDelete()
    {
        var obj = database.Objects.NewDeal();
        var a = await CreateAsync(obj, "A", 100m, "lead", "rep1");
        var b = await CreateAsync(obj, "B", 250.5m, "lead", "rep1");
        var c = await CreateAsync(obj, "C", null, "mql", "rep2");
        await AssertTotalsMatchRecordsAsync(obj);

        a = await ChangeAsync(a, r => r with { Stage = "mql" });
        b = await ChangeAsync(b, r => r with { OwnerId = "rep2" });
        c = await ChangeAsync(c, r => r with { Amount = 40m });
        a = await ChangeAsync(a, r => r with { Amount = 60m, Stage = "sql", OwnerId = "rep3" });
        await ChangeAsync(b, r => r with { Deleted = true });
        c = await ChangeAsync(c, r => r with { Title = "C renamed" });
        await AssertTotalsMatchRecordsAsync(obj);

        var board = await Store.BoardAsync(obj, ["lead", "mql", "sql"], null, null, 0, CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 1 }, board.Select(col => col.Count));
        Assert.Equal(new[] { 0m, 40m, 60m }, board.Select(col => col.Amount));
        var rep2 = await Store.BoardAsync(obj, ["lead", "mql", "sql"], ["rep2"], null, 0, CancellationToken.None);
        Assert.Equal(new[] { 0, 1, 0 }, rep2.Select(col => col.Count));
    }

    [Fact]
    public async Task ListTotal_WithoutSearch_ComesFromTheTotals_AndMatchesCounting()
    {
        var obj = database.Objects.NewDeal();
        for (var i = 0; i < 7; i++) await CreateAsync(obj, $"Deal {i}", i, i % 2 == 0 ? "lead" : "mql", $"rep{i % 3}");
        var gone = await CreateAsync(obj, "Deal gone", 1m, "lead", "rep0");
        await ChangeAsync(gone, r => r with { Deleted = true });

        async Task<int> Total(RecordQuery query) => (await Store.QueryAsync(query, CancellationToken.None)).Total;

        Assert.Equal(7, await Total(new RecordQuery(obj)));
        Assert.Equal(4, await Total(new RecordQuery(obj) { Stage = "lead" }));
        Assert.Equal(3, await Total(new RecordQuery(obj) { Stage = "lead", VisibleOwners = ["rep0", "rep1"] }));
        Assert.Equal(2, await Total(new RecordQuery(obj) { Owner = "rep1" }));
        Assert.Equal(0, await Total(new RecordQuery(obj) { VisibleOwners = [] }));
        Assert.Equal(0, await Total(new RecordQuery(obj) { Stage = "won" }));
        Assert.Equal(1, await Total(new RecordQuery(obj) { Search = "deal 3" }));
        Assert.Equal(0, await Total(new RecordQuery(obj) { Search = "gone" }));
    }

    [Fact]
    public async Task Totals_StayRightUnderConcurrentSaves()
    {
        var obj = database.Objects.NewDeal();
        string[] stages = ["lead", "mql", "sql"];
        string[] owners = ["rep1", "rep2"];
        // Every worker moves its records back and forth across the same few keys, so moves in
        // opposite directions meet on the same totals rows at the same time.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                var record = await CreateAsync(obj, $"W{worker} {i}", 10m + i, stages[(worker + i) % 3], owners[i % 2], withFieldHistory: worker % 2 == 0);
                record = await ChangeAsync(record, r => r with { Stage = stages[(worker + i + 1) % 3] });
                record = await ChangeAsync(record, r => r with { OwnerId = owners[(i + 1) % 2], Amount = r.Amount + 1 });
                if (i % 4 == 0) await ChangeAsync(record, r => r with { Deleted = true });
            }
        })));

        await AssertTotalsMatchRecordsAsync(obj);
        var board = await Store.BoardAsync(obj, stages, null, null, 0, CancellationToken.None);
        Assert.Equal(8 * 12 - 8 * 3, board.Sum(col => col.Count));
    }

    [Fact]
    public async Task Totals_FollowManyConcurrentCreates()
    {
        var obj = database.Objects.NewDeal();
        string[] stages = ["lead", "mql", "sql"];

        await Task.WhenAll(Enumerable.Range(0, 120).Select(i =>
            CreateAsync(obj, $"Deal {i}", i, stages[i % 3], $"rep{i % 4}")));

        await AssertTotalsMatchRecordsAsync(obj);
        var board = await Store.BoardAsync(obj, stages, null, null, 0, CancellationToken.None);
        Assert.Equal(new[] { 40, 40, 40 }, board.Select(col => col.Count));
        Assert.Equal(Enumerable.Range(0, 120).Sum(), board.Sum(col => col.Amount));
    }

    [Fact]
    public async Task RefreshAmounts_SetsTheColumnFromTheNamedField_AndTheTotalsFollow()
    {
        var obj = database.Objects.NewDeal();
        foreach (var amount in new[] { 10m, 20.5m })
        {
            // Stored before the object had an amount field: the value is there, the column is empty.
            var record = TestObjects.Record(obj, $"Deal {amount}", amount, "lead", "rep1") with { Amount = null };
            await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);
        }
        var textAmount = TestObjects.Record(obj, "Words", null, "lead", "rep1") with
        {
            Values = new RecordValues(new Dictionary<string, object?> { ["name"] = "Words", ["amount"] = "lots" }),
        };
        await Store.PersistAsync(TestObjects.Create(textAmount), CancellationToken.None);
        async Task<decimal> Sum() => (await Store.BoardAsync(obj, ["lead"], null, null, 0, CancellationToken.None))[0].Amount;
        Assert.Equal(0m, await Sum());

        await Store.RefreshAmountsAsync(obj, "amount", CancellationToken.None);
        Assert.Equal(30.5m, await Sum());
        await AssertTotalsMatchRecordsAsync(obj);

        await Store.RefreshAmountsAsync(obj, null, CancellationToken.None);
        Assert.Equal(0m, await Sum());
        await AssertTotalsMatchRecordsAsync(obj);
    }

    /// <summary>Every (stage, owner) key of the totals, shards added up, equals counting and summing the live records.</summary>
    private async Task AssertTotalsMatchRecordsAsync(string obj)
    {
        var counted = await RowsAsync(
            "SELECT COALESCE(stage, ''), COALESCE(owner_id, ''), COUNT(*), COALESCE(SUM(amount), 0) FROM records " +
            $"WHERE object = '{obj}' AND deleted = FALSE GROUP BY 1, 2");
        var totals = await RowsAsync(
            "SELECT stage, owner_id, SUM(count), SUM(amount) FROM record_totals " +
            $"WHERE object = '{obj}' GROUP BY 1, 2 HAVING SUM(count) <> 0 OR SUM(amount) <> 0");
        Assert.Equal(counted.OrderBy(r => r), totals.OrderBy(r => r));
    }

    private async Task<List<string>> RowsAsync(string sql)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var amount = Convert.ToDecimal(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture);
            rows.Add($"{reader.GetString(0)}|{reader.GetString(1)}|{Convert.ToInt64(reader.GetValue(2))}|{amount:0.####}");
        }
        return rows;
    }
}
