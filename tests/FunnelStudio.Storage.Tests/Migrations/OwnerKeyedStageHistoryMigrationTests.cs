using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunnelStudio.Storage.Tests.Migrations;

public sealed class SqliteOwnerKeyedStageHistoryMigrationTests(SqliteDatabase database) : OwnerKeyedStageHistoryMigrationTests<SqliteDatabase>(database);

public sealed class PostgresOwnerKeyedStageHistoryMigrationTests(PostgresDatabase database) : OwnerKeyedStageHistoryMigrationTests<PostgresDatabase>(database);

/// <summary>Moves stored before the owner copy existed get their record's owner when the database is upgraded, and the triggers keep it from then on.</summary>
public abstract class OwnerKeyedStageHistoryMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Migrate_MovesStoredBefore_GetTheirRecordsOwner_AndLaterOwnerChangesFollow()
    {
        var obj = database.Objects.NewDeal();
        await using (var db = database.CreateContext())
            await db.GetService<IMigrator>().MigrateAsync("PipelineSnapshots");
        var owned = await database.Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "Before", 5m, owner: "rep7")), CancellationToken.None);
        var moved = await database.Store.PersistAsync(
            TestObjects.Update(owned, owned with { Stage = "mql", UpdatedAt = owned.UpdatedAt.AddHours(1) }, owned.Version), CancellationToken.None);
        var unowned = await database.Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, "No owner", owner: null!)), CancellationToken.None);

        await using (var db = database.CreateContext())
            await db.Database.MigrateAsync();
        var backfilled = await OwnersAsync([owned.Id, unowned.Id]);
        await database.Store.PersistAsync(TestObjects.Update(moved, moved with { OwnerId = "rep8", UpdatedAt = moved.UpdatedAt.AddHours(1) }, moved.Version),
            CancellationToken.None);

        Assert.Equal([(owned.Id, "rep7"), (owned.Id, "rep7"), (unowned.Id, null)], backfilled);
        Assert.Equal([(owned.Id, "rep8"), (owned.Id, "rep8")], await OwnersAsync([owned.Id]));
    }

    private async Task<List<(Guid, string?)>> OwnersAsync(Guid[] records)
    {
        await using var db = database.CreateContext();
        var rows = await db.StageHistory.AsNoTracking().Where(h => records.Contains(h.RecordId)).OrderBy(h => h.Id).Select(h => new { h.RecordId, h.OwnerId }).ToListAsync();
        return rows.Select(r => (r.RecordId, r.OwnerId)).OrderBy(r => Array.IndexOf(records, r.RecordId)).ToList();
    }
}
