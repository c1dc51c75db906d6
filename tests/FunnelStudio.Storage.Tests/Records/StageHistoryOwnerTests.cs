using FunnelStudio.Saving;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteStageHistoryOwnerTests(SqliteDatabase database) : StageHistoryOwnerTests<SqliteDatabase>(database);

public sealed class PostgresStageHistoryOwnerTests(PostgresDatabase database) : StageHistoryOwnerTests<PostgresDatabase>(database);

/// <summary>
/// <c>stage_history.owner_id</c> is the record's current owner on every move, whoever wrote the
/// move: a save, concurrent creates (batched into one statement on PostgreSQL), a direct insert as a
/// seeder or import does, and after the record changes hands. The analytics filter by it.
/// </summary>
public abstract class StageHistoryOwnerTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private IRecordStore Store => database.Store;

    private async Task<List<string?>> OwnersOfMovesAsync(Guid recordId)
    {
        await using var db = database.CreateContext();
        return await db.StageHistory.AsNoTracking().Where(h => h.RecordId == recordId).OrderBy(h => h.Id).Select(h => h.OwnerId).ToListAsync();
    }

    [Fact]
    public async Task Moves_CarryTheOwner_AndAllFollowTheRecordToItsNewOwner()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Acme", 10m, owner: "rep1")), CancellationToken.None);
        var moved = await Store.PersistAsync(TestObjects.Update(created, created with { Stage = "mql", UpdatedAt = created.UpdatedAt.AddHours(1) }, created.Version),
            CancellationToken.None);
        var before = await OwnersOfMovesAsync(created.Id);

        // A new owner and a move in one save: the earlier moves follow, the new one is written for the new owner.
        var handedOver = moved with { OwnerId = "rep2", Stage = "sql", UpdatedAt = moved.UpdatedAt.AddHours(1) };
        await Store.PersistAsync(TestObjects.Update(moved, handedOver, moved.Version), CancellationToken.None);

        Assert.Equal(["rep1", "rep1"], before);
        Assert.Equal(["rep2", "rep2", "rep2"], await OwnersOfMovesAsync(created.Id));
    }

    [Fact]
    public async Task ARecordWithoutOwner_HasMovesWithoutOwner_UntilItGetsOne()
    {
        var obj = database.Objects.NewDeal();
        var created = await Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Nobody's", owner: null!)), CancellationToken.None);
        var without = await OwnersOfMovesAsync(created.Id);

        await Store.PersistAsync(TestObjects.Update(created, created with { OwnerId = "rep3", UpdatedAt = created.UpdatedAt.AddMinutes(5) }, created.Version),
            CancellationToken.None);

        Assert.Equal([null], without);
        Assert.Equal(["rep3"], await OwnersOfMovesAsync(created.Id));
    }

    [Fact]
    public async Task ConcurrentCreates_AndMovesInsertedDirectly_GetTheirRecordsOwner()
    {
        var obj = database.Objects.NewDeal();
        var records = Enumerable.Range(0, 30).Select(i => TestObjects.Record(obj, $"Deal {i}", i, owner: $"rep{i % 4}")).ToList();

        await Task.WhenAll(records.Select(r => Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(r), CancellationToken.None)));
        await using (var db = database.CreateContext())
        {
            db.StageHistory.Add(new StageHistoryRow { RecordId = records[5].Id, Object = obj, FromStage = "lead", ToStage = "mql", At = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        foreach (var record in records)
            Assert.All(await OwnersOfMovesAsync(record.Id), owner => Assert.Equal(record.OwnerId, owner));
        Assert.Equal(2, (await OwnersOfMovesAsync(records[5].Id)).Count);
    }
}
