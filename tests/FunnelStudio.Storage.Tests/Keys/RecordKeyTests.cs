using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Uniqueness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Keys;

public sealed class SqliteRecordKeyTests(SqliteDatabase database) : RecordKeyTests<SqliteDatabase>(database);

public sealed class PostgresRecordKeyTests(PostgresDatabase database) : RecordKeyTests<PostgresDatabase>(database);

/// <summary>
/// Unique keys live in <c>record_keys</c>, written in the record's own transaction: held on create,
/// moved on update, released on delete; a taken key fails the write and nothing of it is stored.
/// </summary>
public abstract class RecordKeyTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private IRecordStore Store => database.Store;
    private IRecordKeyStore Keys => database.Services.GetRequiredService<IRecordKeyStore>();

    private async Task<List<(string Field, string Key)>> KeysOfAsync(Guid id)
    {
        await using var db = database.CreateContext();
        return (await db.RecordKeys.Where(k => k.RecordId == id).ToListAsync()).Select(k => (k.Field, k.Key)).OrderBy(k => k.Field).ToList();
    }

    [Fact]
    public async Task Create_HoldsItsKeys_AndASecondRecordWithOneOfThemIsRefusedWithNothingStored()
    {
        var obj = database.Objects.NewContact();
        var first = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "张伟", "Zhang.Wei@Huawei.com", "138 0013 8000")), CancellationToken.None);
        var second = TestObjects.Contact(obj, "王芳", "wang.fang@huawei.com", "+138-0013-8000");

        await Assert.ThrowsAsync<UniqueValueConflictException>(() => Store.PersistAsync(database.Objects.CreateWithKeys(second), CancellationToken.None));

        Assert.Equal([("email", "zhang.wei@huawei.com"), ("phone", "13800138000")], await KeysOfAsync(first.Id));
        Assert.Null(await Store.FindAsync(obj, second.Id, CancellationToken.None));
        Assert.Empty(await KeysOfAsync(second.Id));
    }

    [Fact]
    public async Task Update_ThatChangesOrEmptiesAKey_ReleasesTheOldOne()
    {
        var obj = database.Objects.NewContact();
        var created = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "李娜", "li.na@example.cn", "139 0000 0001")), CancellationToken.None);
        var changed = created with { Values = created.Values.With("email", "LINA@example.cn").With("phone", null) };

        var updated = await Store.PersistAsync(database.Objects.UpdateWithKeys(created, changed), CancellationToken.None);

        Assert.Equal([("email", "lina@example.cn")], await KeysOfAsync(created.Id));
        // The old values are free again, the new one is not.
        await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "Other", "li.na@example.cn", "13900000001")), CancellationToken.None);
        await Assert.ThrowsAsync<UniqueValueConflictException>(() =>
            Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "Third", " lina@EXAMPLE.cn")), CancellationToken.None));
        // An update taking a held key fails as a whole: its own values stay.
        var taking = updated with { Values = updated.Values.With("email", "li.na@example.cn").With("name", "Renamed") };
        await Assert.ThrowsAsync<UniqueValueConflictException>(() => Store.PersistAsync(database.Objects.UpdateWithKeys(updated, taking), CancellationToken.None));
        var found = await Store.FindAsync(obj, created.Id, CancellationToken.None);
        Assert.Equal(("李娜", "LINA@example.cn"), (found!.Values["name"], found.Values["email"]));
        Assert.Equal([("email", "lina@example.cn")], await KeysOfAsync(created.Id));
    }

    [Fact]
    public async Task SoftDelete_ReleasesEveryKeyOfTheRecord()
    {
        var obj = database.Objects.NewContact();
        var created = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "Gone", "gone@example.cn", "13700000000")), CancellationToken.None);

        await Store.PersistAsync(TestObjects.Update(created, created with { Deleted = true }, created.Version), CancellationToken.None);

        Assert.Empty(await KeysOfAsync(created.Id));
        await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "Again", "gone@example.cn", "13700000000")), CancellationToken.None);
    }

    [Fact]
    public async Task ConcurrentCreates_WithOneDuplicateAmongThem_StoreAllTheOthers()
    {
        var obj = database.Objects.NewContact();
        var existing = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "First", "first@example.cn")), CancellationToken.None);
        var records = Enumerable.Range(0, 60).Select(i => TestObjects.Contact(obj, $"C{i}", $"c{i}@example.cn")).ToList();
        var duplicate = TestObjects.Contact(obj, "Dup", "FIRST@example.cn");

        // On PostgreSQL these go through CreateBatches: the batch holding the duplicate fails and is retried one by one.
        var saves = records.Select(r => Store.PersistAsync(database.Objects.CreateWithKeys(r), CancellationToken.None)).ToList();
        var refused = Store.PersistAsync(database.Objects.CreateWithKeys(duplicate), CancellationToken.None);
        await Task.WhenAll(saves);

        await Assert.ThrowsAsync<UniqueValueConflictException>(() => refused);
        Assert.Null(await Store.FindAsync(obj, duplicate.Id, CancellationToken.None));
        foreach (var record in records)
            Assert.Equal([("email", record.Values.GetString("email")!)], await KeysOfAsync(record.Id));
        Assert.Equal([("email", "first@example.cn")], await KeysOfAsync(existing.Id));
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneValue_StoreExactlyOne()
    {
        var obj = database.Objects.NewContact();
        var records = Enumerable.Range(0, 40).Select(i => TestObjects.Contact(obj, $"Same {i}", i % 2 == 0 ? "same@example.cn" : " SAME@example.cn")).ToList();

        var outcomes = await Task.WhenAll(records.Select(r => Task.Run(async () =>
        {
            try
            {
                await Store.PersistAsync(database.Objects.CreateWithKeys(r), CancellationToken.None);
                return true;
            }
            catch (UniqueValueConflictException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, stored => stored);
        var page = await Store.QueryAsync(new RecordQuery(obj), CancellationToken.None);
        Assert.Single(page.Items);
    }

    [Fact]
    public async Task Holders_NameTheLiveRecordHoldingAKey()
    {
        var obj = database.Objects.NewContact();
        var holder = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "陈静", "chen@example.cn", owner: "rep2")), CancellationToken.None);

        var found = await Keys.HoldersAsync(obj, [new UniqueKey("email", "chen@example.cn"), new UniqueKey("email", "nobody@example.cn"), new UniqueKey("phone", null)],
            CancellationToken.None);

        Assert.Equal([new KeyHolder("email", "chen@example.cn", holder.Id, "rep2", "陈静")], found);
    }

    [Fact]
    public async Task Backfill_FindsTheRecordsWithoutAKey_AddsKeysOnlyForLiveRecords_AndRetainDropsFieldsNoLongerUnique()
    {
        var obj = database.Objects.NewContact();
        // Stored before the field was unique: no keys.
        var plain = new[] { "a@example.cn", "b@example.cn", "c@example.cn" }
            .Select(e => TestObjects.Contact(obj, e, e)).ToList();
        foreach (var record in plain) await Store.PersistAsync(database.Objects.CreateWithKeys(record) with { Keys = [] }, CancellationToken.None);
        var deleted = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "d", "d@example.cn")) with { Keys = [] }, CancellationToken.None);
        await Store.PersistAsync(TestObjects.Update(deleted, deleted with { Deleted = true }, deleted.Version), CancellationToken.None);
        var keyed = await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "e", "e@example.cn")), CancellationToken.None);

        var first = await Keys.MissingKeysAsync(obj, "email", null, 2, CancellationToken.None);
        var rest = await Keys.MissingKeysAsync(obj, "email", first[^1].Id, 2, CancellationToken.None);
        var missing = first.Concat(rest).ToList();
        Assert.Equal(plain.Select(r => r.Id).Order(), missing.Select(r => r.Id));
        Assert.DoesNotContain(keyed.Id, missing.Select(r => r.Id));

        var added = await Keys.AddAsync(obj, [.. missing.Select(r => new RecordKey(r.Id, "email", r.Values.GetString("email")!)),
            new RecordKey(deleted.Id, "email", "d@example.cn")], CancellationToken.None);

        Assert.Equal(3, added);
        Assert.Empty(await Keys.MissingKeysAsync(obj, "email", null, 10, CancellationToken.None));
        Assert.Empty(await KeysOfAsync(deleted.Id));
        await Keys.RetainAsync(new Dictionary<string, IReadOnlySet<string>> { [obj] = new HashSet<string> { "phone" } }, CancellationToken.None);
        Assert.Empty(await KeysOfAsync(plain[0].Id));
        Assert.Empty(await KeysOfAsync(keyed.Id));
    }
}
