using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteBoardTests(SqliteDatabase database) : BoardTests<SqliteDatabase>(database);

public sealed class PostgresBoardTests(PostgresDatabase database) : BoardTests<PostgresDatabase>(database);

/// <summary>The stage board: per stage the count, the amount and only the first cards.</summary>
public abstract class BoardTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static readonly DateTime Start = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    private IRecordStore Store => database.Store;

    private async Task<StoredRecord> AddAsync(string obj, string title, decimal? amount, string stage, string owner, int hour)
    {
        var record = TestObjects.Record(obj, title, amount, stage, owner, Start.AddHours(hour));
        return await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);
    }

    [Fact]
    public async Task Board_CountsSumsAndReturnsTheMostRecentCardsOfEachStage()
    {
        var obj = database.Objects.NewDeal();
        for (var i = 0; i < 5; i++) await AddAsync(obj, $"Lead {i}", 100.25m * (i + 1), "lead", i % 2 == 0 ? "rep1" : "rep2", i);
        for (var i = 0; i < 3; i++) await AddAsync(obj, $"Mql {i}", 10m, "mql", "rep1", 10 + i);
        await AddAsync(obj, "No amount", null, "mql", "rep1", 20);
        var gone = await AddAsync(obj, "Deleted", 1_000_000m, "lead", "rep1", 30);
        await Store.PersistAsync(TestObjects.Update(gone, gone with { Deleted = true }, gone.Version), CancellationToken.None);
        await AddAsync(obj, "Elsewhere", 7m, "archived", "rep1", 40);

        var board = await Store.BoardAsync(obj, ["lead", "mql", "sql"], "amount", null, null, 2, CancellationToken.None);

        Assert.Equal(new[] { "lead", "mql", "sql" }, board.Select(c => c.Stage));
        Assert.Equal(5, board[0].Count);
        Assert.Equal(1503.75m, board[0].Amount);
        Assert.Equal(new[] { "Lead 4", "Lead 3" }, board[0].Cards.Select(c => c.Title));
        Assert.Equal(4, board[1].Count);
        Assert.Equal(30m, board[1].Amount);
        Assert.Equal(new[] { "No amount", "Mql 2" }, board[1].Cards.Select(c => c.Title));
        Assert.Equal(0, board[2].Count);
        Assert.Equal(0m, board[2].Amount);
        Assert.Empty(board[2].Cards);
        Assert.Equal(501.25m, board[0].Cards[0].Values["amount"]);
    }

    [Fact]
    public async Task Board_CountsOnlyVisibleOwnersAndTheChosenOwner()
    {
        var obj = database.Objects.NewDeal();
        for (var i = 0; i < 6; i++) await AddAsync(obj, $"Deal {i}", 10m, "lead", $"rep{i % 3}", i);

        var team = await Store.BoardAsync(obj, ["lead"], "amount", ["rep0", "rep1"], null, 10, CancellationToken.None);
        var one = await Store.BoardAsync(obj, ["lead"], "amount", null, "rep2", 10, CancellationToken.None);
        var none = await Store.BoardAsync(obj, ["lead"], "amount", [], null, 10, CancellationToken.None);

        Assert.Equal(4, team[0].Count);
        Assert.Equal(40m, team[0].Amount);
        Assert.All(team[0].Cards, c => Assert.Contains(c.OwnerId, new[] { "rep0", "rep1" }));
        Assert.Equal(2, one[0].Count);
        Assert.Equal(0, none[0].Count);
        Assert.Empty(none[0].Cards);
    }

    [Fact]
    public async Task Board_IgnoresAmountsThatAreNotNumbers()
    {
        var obj = database.Objects.NewDeal();
        await AddAsync(obj, "Number", 12.5m, "lead", "rep1", 1);
        var odd = TestObjects.Record(obj, "Text amount", null, "lead", "rep1", Start) with
        {
            Values = new RecordValues(new Dictionary<string, object?> { ["name"] = "Text amount", ["amount"] = "lots" }),
        };
        await Store.PersistAsync(TestObjects.Create(odd), CancellationToken.None);

        var board = await Store.BoardAsync(obj, ["lead"], "amount", null, null, 0, CancellationToken.None);

        Assert.Equal(2, board[0].Count);
        Assert.Equal(12.5m, board[0].Amount);
        Assert.Empty(board[0].Cards);
    }

    [Fact]
    public async Task Board_WithoutAnAmountField_CountsOnly()
    {
        var obj = database.Objects.NewDeal();
        await AddAsync(obj, "One", 5m, "lead", "rep1", 1);

        var board = await Store.BoardAsync(obj, ["lead"], null, null, null, 5, CancellationToken.None);

        Assert.Equal(1, board[0].Count);
        Assert.Equal(0m, board[0].Amount);
        Assert.Single(board[0].Cards);
    }
}
