using System.Data.Common;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteIdempotencyKeyTests(SqliteDatabase database) : IdempotencyKeyTests<SqliteDatabase>(database);

public sealed class PostgresIdempotencyKeyTests(PostgresDatabase database) : IdempotencyKeyTests<PostgresDatabase>(database);

/// <summary>Idempotency keys stored with their record in one transaction, per user, for 24 hours.</summary>
public abstract class IdempotencyKeyTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private IRecordStore Store => database.Store;
    private IIdempotencyKeyStore Keys => database.Services.GetRequiredService<IIdempotencyKeyStore>();

    private static string NewKey() => "key-" + Guid.NewGuid().ToString("N");

    private static PersistRequest Keyed(PersistRequest request, string user, string key, string hash = "hash-1") =>
        request with { IdempotencyKey = new IdempotencyKey(user, key, hash) };

    private async Task AgeAsync(string user, string key, TimeSpan age)
    {
        await using var db = database.CreateContext();
        var at = DateTime.UtcNow - age;
        await db.IdempotencyKeys.Where(k => k.UserId == user && k.Key == key).ExecuteUpdateAsync(s => s.SetProperty(k => k.CreatedAt, at));
    }

    private async Task<int> CountAsync(string obj)
    {
        await using var db = database.CreateContext();
        return await db.Records.CountAsync(r => r.Object == obj);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_WithAKey_StoresTheKeyWithTheRecord(bool withFieldHistory)
    {
        var obj = database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Keyed");
        var key = NewKey();
        var create = withFieldHistory ? TestObjects.Create(record) : TestObjects.CreateWithoutFieldHistory(record);

        await Store.PersistAsync(Keyed(create, "rep1", key, "hash-a"), CancellationToken.None);

        var stored = await Keys.FindAsync("rep1", key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(("hash-a", obj, record.Id), (stored.RequestHash, stored.Object, stored.RecordId));
        Assert.Null(await Keys.FindAsync("rep2", key, CancellationToken.None));
    }

    [Fact]
    public async Task Create_WithAKeyTheUserAlreadyStored_FailsWithIdempotencyKeyConflict_AndStoresNothing()
    {
        var obj = database.Objects.NewDeal();
        var key = NewKey();
        var first = TestObjects.Record(obj, "First");
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(first), "rep1", key), CancellationToken.None);
        var second = TestObjects.Record(obj, "Second");

        await Assert.ThrowsAsync<IdempotencyKeyConflictException>(() =>
            Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(second), "rep1", key), CancellationToken.None));

        Assert.Null(await Store.FindAsync(obj, second.Id, CancellationToken.None));
        // Another user's key of the same text is another key.
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Theirs")), "rep2", key), CancellationToken.None);
        Assert.Equal(2, await CountAsync(obj));
    }

    [Fact]
    public async Task ConcurrentCreatesWithOneKey_StoreOneRecord_AndTheOthersFailWithIdempotencyKeyConflict()
    {
        var obj = database.Objects.NewDeal();
        var key = NewKey();
        var saves = Enumerable.Range(0, 12)
            .Select(i => Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, $"Racer {i}")), "rep1", key),
                CancellationToken.None))
            .ToList();

        var outcomes = await Task.WhenAll(saves.Select(async s =>
        {
            try { return (await s).Id.ToString(); }
            catch (IdempotencyKeyConflictException) { return "conflict"; }
        })).Within();

        Assert.Equal(11, outcomes.Count(o => o == "conflict"));
        var winner = Guid.Parse(outcomes.Single(o => o != "conflict"));
        Assert.Equal(winner, (await Keys.FindAsync("rep1", key, CancellationToken.None))!.RecordId);
        Assert.Equal(1, await CountAsync(obj));
    }

    [Fact]
    public async Task Create_ThatCannotBeStored_LeavesNoKey()
    {
        var obj = database.Objects.NewDeal();
        var existing = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Existing")), CancellationToken.None);
        var key = NewKey();
        // The same id again: the database refuses the record, and with it the key.
        var duplicate = TestObjects.Record(obj, "Duplicate") with { Id = existing.Id };

        await Assert.ThrowsAnyAsync<DbException>(() =>
            Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(duplicate), "rep1", key), CancellationToken.None));

        Assert.Null(await Keys.FindAsync("rep1", key, CancellationToken.None));
    }

    [Fact]
    public async Task AKeyOlderThanADay_NoLongerMatches_AndANewSaveMayStoreItAgain()
    {
        var obj = database.Objects.NewDeal();
        var key = NewKey();
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Old")), "rep1", key, "old"), CancellationToken.None);
        await AgeAsync("rep1", key, IdempotencyKey.Lifetime + TimeSpan.FromMinutes(1));

        Assert.Null(await Keys.FindAsync("rep1", key, CancellationToken.None));

        var fresh = TestObjects.Record(obj, "New");
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(fresh), "rep1", key, "new"), CancellationToken.None);
        Assert.Equal(fresh.Id, (await Keys.FindAsync("rep1", key, CancellationToken.None))!.RecordId);
    }

    [Fact]
    public async Task Purge_DeletesTheKeysOlderThanADay_AndKeepsTheOthers()
    {
        var obj = database.Objects.NewDeal();
        var (old, young) = (NewKey(), NewKey());
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Old")), "rep1", old), CancellationToken.None);
        await Store.PersistAsync(Keyed(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Young")), "rep1", young), CancellationToken.None);
        await AgeAsync("rep1", old, IdempotencyKey.Lifetime + TimeSpan.FromMinutes(1));
        await AgeAsync("rep1", young, IdempotencyKey.Lifetime - TimeSpan.FromMinutes(1));

        Assert.True(await Keys.PurgeAsync(CancellationToken.None) >= 1);

        await using var db = database.CreateContext();
        Assert.False(await db.IdempotencyKeys.AnyAsync(k => k.Key == old));
        Assert.True(await db.IdempotencyKeys.AnyAsync(k => k.Key == young));
        Assert.Equal(2, await CountAsync(obj));
    }
}
