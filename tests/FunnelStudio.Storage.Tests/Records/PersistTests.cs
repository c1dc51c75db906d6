using System.Data.Common;
using FunnelStudio.Records;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqlitePersistTests(SqliteDatabase database) : PersistTests<SqliteDatabase>(database);

public sealed class PostgresPersistTests(PostgresDatabase database) : PersistTests<PostgresDatabase>(database);

/// <summary>Saving records: typed round trips, one transaction with the history, optimistic concurrency.</summary>
public abstract class PersistTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static readonly DateTime CloseDate = new(2026, 3, 31, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime DemoAt = new(2026, 2, 14, 9, 30, 15, 123, DateTimeKind.Utc);

    private IRecordStore Store => database.Store;

    [Fact]
    public async Task Create_ThenFind_ReturnsEveryValueWithItsType()
    {
        var obj = database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Acme renewal", 12345.67m, extra: new Dictionary<string, object?>
        {
            ["probability"] = 12.5m,
            ["close_date"] = CloseDate,
            ["demo_at"] = DemoAt,
            ["signed"] = true,
            ["tags"] = new[] { "a", "b" },
            ["notes"] = "Line one\nLine \"two\" — 中文",
        });

        var saved = await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);
        var found = await Store.FindAsync(obj, record.Id, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(saved.Version, found.Version);
        Assert.Equal("Acme renewal", found.Values["name"]);
        Assert.Equal(12345.67m, found.Values["amount"]);
        Assert.Equal(12.5m, found.Values["probability"]);
        Assert.Equal(CloseDate, found.Values["close_date"]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)found.Values["close_date"]!).Kind);
        Assert.Equal(DemoAt, found.Values["demo_at"]);
        Assert.Equal(true, found.Values["signed"]);
        Assert.Equal(new[] { "a", "b" }, found.Values["tags"]);
        Assert.Equal("Line one\nLine \"two\" — 中文", found.Values["notes"]);
        Assert.Equal("lead", found.Stage);
        Assert.Equal("rep1", found.OwnerId);
        Assert.Equal("Acme renewal", found.Title);
        Assert.Equal(record.CreatedAt, found.CreatedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(DateTimeKind.Utc, found.UpdatedAt.Kind);
        Assert.Equal(1, found.ConfigVersion);
        Assert.False(found.Deleted);
    }

    [Fact]
    public async Task ConcurrentCreates_AreAllStoredWithTheirStageHistory_AndOneThatCannotBeStoredFailsAlone()
    {
        var obj = database.Objects.NewDeal();
        var existing = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "First")), CancellationToken.None);
        var records = Enumerable.Range(0, 60).Select(i => TestObjects.Record(obj, $"Deal {i}", i)).ToList();
        // The same id again: the database refuses it, and with it any statement it shares.
        var duplicate = TestObjects.Record(obj, "Duplicate") with { Id = existing.Id };

        var saves = records.Select(r => Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(r), CancellationToken.None)).ToList();
        var refused = Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(duplicate), CancellationToken.None);
        var saved = await Task.WhenAll(saves);

        await Assert.ThrowsAnyAsync<DbException>(() => refused);
        Assert.Equal("First", (await Store.FindAsync(obj, existing.Id, CancellationToken.None))!.Title);
        foreach (var (record, stored) in records.Zip(saved))
        {
            var found = await Store.FindAsync(obj, record.Id, CancellationToken.None);
            Assert.NotNull(found);
            Assert.Equal(stored.Version, found.Version);
            Assert.Equal(record.Title, found.Values["name"]);
            var entry = Assert.Single(await Store.StageHistoryAsync(record.Id, CancellationToken.None));
            Assert.Null(entry.From);
            Assert.Equal("lead", entry.To);
            Assert.Equal(record.Amount, entry.Amount);
        }
    }

    [Fact]
    public async Task Find_OfAnotherObjectOrUnknownId_ReturnsNull()
    {
        var obj = database.Objects.NewDeal();
        var other = database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Mine");
        await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);

        Assert.Null(await Store.FindAsync(other, record.Id, CancellationToken.None));
        Assert.Null(await Store.FindAsync(obj, Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task Update_ChangesValuesAndTheVersionEveryTime()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Globex", 100m)), CancellationToken.None);
        var versions = new List<long> { created.Version };
        var current = created;
        for (var i = 1; i <= 3; i++)
        {
            var changed = current with { Values = current.Values.With("amount", 100m + i), UpdatedAt = DateTime.UtcNow, UpdatedBy = "rep2" };
            current = await Store.PersistAsync(TestObjects.Update(current, changed, current.Version), CancellationToken.None);
            versions.Add(current.Version);
        }

        var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
        Assert.Equal(103m, found!.Values["amount"]);
        Assert.Equal("rep2", found.UpdatedBy);
        Assert.Equal(current.Version, found.Version);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        var history = await Store.FieldHistoryAsync(created.Id, CancellationToken.None);
        Assert.Equal(new[] { "101", "102", "103" }, history.Where(h => h.Field == "amount" && h.OldValue is not null).Select(h => h.NewValue));
    }

    [Fact]
    public async Task SoftDelete_KeepsTheRowButHidesItFromLists()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Initech", 5m)), CancellationToken.None);

        var deleted = await Store.PersistAsync(TestObjects.Update(created, created with { Deleted = true }, created.Version), CancellationToken.None);

        Assert.NotEqual(created.Version, deleted.Version);
        var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
        Assert.True(found!.Deleted);
        Assert.Equal(5m, found.Values["amount"]);
        var page = await Store.QueryAsync(new RecordQuery(obj), CancellationToken.None);
        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Persist_WritesRecordFieldHistoryAndStageHistoryTogether()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Umbrella", 50m)), CancellationToken.None);
        var moved = created with { Stage = "mql", Values = created.Values.With("amount", 75m), UpdatedAt = created.UpdatedAt.AddHours(2) };

        await Store.PersistAsync(TestObjects.Update(created, moved, created.Version), CancellationToken.None);

        var stages = await Store.StageHistoryAsync(created.Id, CancellationToken.None);
        Assert.Equal(new (string?, string)[] { (null, "lead"), ("lead", "mql") }, stages.Select(s => (s.From, s.To)));
        Assert.Equal(75m, stages[1].Amount);
        Assert.Equal(7200, stages[1].SecondsInPreviousStage!.Value, 3);
        Assert.True(stages[0].At <= stages[1].At);
        var fields = await Store.FieldHistoryAsync(created.Id, CancellationToken.None);
        Assert.Contains(fields, f => f.Field == "amount" && f.OldValue == "50" && f.NewValue == "75");
    }

    [Fact]
    public async Task Create_WhenAHistoryRowFails_WritesNothing()
    {
        var obj = database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Half written", 10m);
        var request = TestObjects.Create(record);
        // A stage history row the database refuses (to_stage is NOT NULL), after the record and field history rows.
        var broken = request with { StageChange = request.StageChange! with { To = null! } };

        await Assert.ThrowsAnyAsync<DbException>(() => Store.PersistAsync(broken, CancellationToken.None));

        Assert.Null(await Store.FindAsync(obj, record.Id, CancellationToken.None));
        await AssertHistoryCountsAsync(record.Id, fields: 0, stages: 0);
    }

    [Fact]
    public async Task Update_WhenAHistoryRowFails_LeavesTheRecordAsItWas()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Stays", 10m)), CancellationToken.None);
        var changed = created with { Stage = "mql", Values = created.Values.With("amount", 99m) };
        var request = TestObjects.Update(created, changed, created.Version);
        var broken = request with { StageChange = request.StageChange! with { To = null! } };

        await Assert.ThrowsAnyAsync<DbException>(() => Store.PersistAsync(broken, CancellationToken.None));

        var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
        Assert.Equal(created.Version, found!.Version);
        Assert.Equal(10m, found.Values["amount"]);
        Assert.Equal("lead", found.Stage);
        await AssertHistoryCountsAsync(created.Id, fields: 2, stages: 1);
    }

    [Fact]
    public async Task Persist_WithACancelledToken_WritesNothing()
    {
        var obj = database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Cancelled", 1m);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.PersistAsync(TestObjects.Create(record), cancelled.Token));

        Assert.Null(await Store.FindAsync(obj, record.Id, CancellationToken.None));
        await AssertHistoryCountsAsync(record.Id, fields: 0, stages: 0);
    }

    [Fact]
    public async Task Update_FromAStaleVersion_ThrowsConflictAndWritesNothing()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Contested", 10m)), CancellationToken.None);
        var first = created with { Values = created.Values.With("amount", 20m) };
        var winner = await Store.PersistAsync(TestObjects.Update(created, first, created.Version), CancellationToken.None);
        var late = created with { Stage = "mql", Values = created.Values.With("amount", 30m) };

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.PersistAsync(TestObjects.Update(created, late, created.Version), CancellationToken.None));

        var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
        Assert.Equal(20m, found!.Values["amount"]);
        Assert.Equal("lead", found.Stage);
        Assert.Equal(winner.Version, found.Version);
        await AssertHistoryCountsAsync(created.Id, fields: 3, stages: 1);
    }

    [Fact]
    public async Task TwoConcurrentUpdates_FromTheSameVersion_ExactlyOneWins()
    {
        var obj = database.Objects.NewDeal();
        for (var round = 0; round < 5; round++)
        {
            var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, $"Race {round}", 0m)), CancellationToken.None);
            var attempts = new[] { 1m, 2m }.Select(amount => Task.Run(async () =>
            {
                var changed = created with { Values = created.Values.With("amount", amount) };
                try
                {
                    return (Amount: amount, Saved: (StoredRecord?)await Store.PersistAsync(
                        TestObjects.Update(created, changed, created.Version), CancellationToken.None));
                }
                catch (ConcurrencyConflictException)
                {
                    return (Amount: amount, Saved: null);
                }
            })).ToList();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Saved is not null);
            var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
            Assert.Equal(winner.Amount, found!.Values["amount"]);
            Assert.Equal(winner.Saved!.Version, found.Version);
            var history = await Store.FieldHistoryAsync(created.Id, CancellationToken.None);
            Assert.Single(history, h => h.Field == "amount" && h.OldValue is not null);
        }
    }

    [Fact]
    public async Task Update_WithoutExpectedVersion_OverwritesAndStillBumpsTheVersion()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Seeded", 1m)), CancellationToken.None);

        var saved = await Store.PersistAsync(TestObjects.Update(created, created with { Values = created.Values.With("amount", 2m) }, null),
            CancellationToken.None);

        Assert.NotEqual(created.Version, saved.Version);
        Assert.Equal(2m, (await Store.FindAsync(obj, created.Id, CancellationToken.None))!.Values["amount"]);
    }

    private async Task AssertHistoryCountsAsync(Guid id, int fields, int stages)
    {
        await using var db = database.CreateContext();
        Assert.Equal(fields, await db.FieldHistory.CountAsync(h => h.RecordId == id));
        Assert.Equal(stages, await db.StageHistory.CountAsync(h => h.RecordId == id));
    }
}
