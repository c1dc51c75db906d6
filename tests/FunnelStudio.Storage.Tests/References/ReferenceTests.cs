using FunnelStudio.Metadata;
using FunnelStudio.References;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.References;

public sealed class SqliteReferenceTests(SqliteDatabase database) : ReferenceTests<SqliteDatabase>(database);

public sealed class PostgresReferenceTests(PostgresDatabase database) : ReferenceTests<PostgresDatabase>(database);

/// <summary>
/// References held by the write transaction: a write's lookup targets must be live when it commits,
/// and a delete's plan (cascade, clear) is carried out in one transaction only if the records
/// pointing to it are still the ones it planned for.
/// </summary>
public abstract class ReferenceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private IRecordStore Store => database.Store;
    private IReferenceStore References => database.Services.GetRequiredService<IReferenceStore>();

    private Task<StoredRecord> CreateAsync(StoredRecord record) => Store.PersistAsync(database.Objects.CreateWithKeys(record), CancellationToken.None);

    private Task<StoredRecord> DeleteAsync(StoredRecord record, DeletePlan? plan = null) =>
        Store.PersistAsync(TestObjects.Update(record, record with { Deleted = true, UpdatedBy = "mgr" }, record.Version) with { Delete = plan },
            CancellationToken.None);

    private LookupField Parent(string obj) => new(obj, database.Objects.Find(obj)!.Field("parent")!);

    private async Task<DeletePlan> PlanAsync(StoredRecord record, params LookupField[] lookups)
    {
        // What DeletePlanner does, for lookups whose rules the test names: one level of cascade, the rest cleared.
        var pointing = (await References.PointingAsync(lookups, [new RecordRef(record.Object, record.Id)], CancellationToken.None)).ToList();
        var cascaded = pointing.Where(p => lookups.Single(l => l.Object == p.Object && l.Name == p.Field).OnDelete == LookupDeleteRule.Cascade).ToList();
        if (cascaded.Count > 0)
            pointing.AddRange(await References.PointingAsync(lookups, cascaded.Select(c => new RecordRef(c.Object, c.Id)).ToList(), CancellationToken.None));
        var deleted = new[] { new RecordRef(record.Object, record.Id) }.Concat(cascaded.Select(c => new RecordRef(c.Object, c.Id))).ToList();
        var cleared = pointing.Where(p => !deleted.Any(d => d.Id == p.Id) && lookups.Single(l => l.Object == p.Object && l.Name == p.Field).OnDelete == LookupDeleteRule.Clear).ToList();
        return new DeletePlan(deleted, lookups, pointing.Distinct().ToList(), cleared);
    }

    [Fact]
    public async Task Create_PointingToALiveRecord_IsStored_ToADeletedMissingOrOtherObjectsOne_IsRefusedWithNothingStored()
    {
        var accounts = database.Objects.NewContact();
        var obj = database.Objects.NewContact(accounts);
        var live = await CreateAsync(TestObjects.Contact(accounts, "Live"));
        var deleted = await DeleteAsync(await CreateAsync(TestObjects.Contact(accounts, "Deleted")));
        var other = await CreateAsync(TestObjects.Contact(obj, "Of another object"));

        await CreateAsync(TestObjects.Contact(obj, "Points to live", parent: live.Id));
        foreach (var target in new[] { deleted.Id, Guid.NewGuid(), other.Id })
        {
            var record = TestObjects.Contact(obj, "Points to nothing", "unique@example.cn", parent: target);
            var refused = await Assert.ThrowsAsync<ReferenceMissingException>(() => CreateAsync(record));
            Assert.Equal(target, refused.Target);
            Assert.Null(await Store.FindAsync(obj, record.Id, CancellationToken.None));
        }
        // The refused creates left no key behind.
        await CreateAsync(TestObjects.Contact(obj, "Takes the email", "unique@example.cn"));
    }

    [Fact]
    public async Task ConcurrentCreates_OneOfThemPointingToADeletedRecord_StoreAllTheOthers()
    {
        var accounts = database.Objects.NewContact();
        var obj = database.Objects.NewContact(accounts);
        var live = await CreateAsync(TestObjects.Contact(accounts, "Live"));
        var deleted = await DeleteAsync(await CreateAsync(TestObjects.Contact(accounts, "Deleted")));
        var records = Enumerable.Range(0, 40).Select(i => TestObjects.Contact(obj, $"C{i}", parent: live.Id)).ToList();
        var bad = TestObjects.Contact(obj, "Bad", parent: deleted.Id);

        var saves = records.Select(CreateAsync).ToList();
        var refused = CreateAsync(bad);
        await Task.WhenAll(saves);

        await Assert.ThrowsAsync<ReferenceMissingException>(() => refused);
        foreach (var record in records) Assert.NotNull(await Store.FindAsync(obj, record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Update_PointingToADeletedRecord_IsRefusedAndLeavesTheRecordAsItWas()
    {
        var accounts = database.Objects.NewContact();
        var obj = database.Objects.NewContact(accounts);
        var live = await CreateAsync(TestObjects.Contact(accounts, "Live"));
        var deleted = await DeleteAsync(await CreateAsync(TestObjects.Contact(accounts, "Deleted")));
        var record = await CreateAsync(TestObjects.Contact(obj, "Mine", parent: live.Id));

        var changed = record with { Values = record.Values.With("parent", deleted.Id.ToString()).With("name", "Changed") };
        await Assert.ThrowsAsync<ReferenceMissingException>(() => Store.PersistAsync(database.Objects.UpdateWithKeys(record, changed), CancellationToken.None));

        var found = await Store.FindAsync(obj, record.Id, CancellationToken.None);
        Assert.Equal(("Mine", live.Id.ToString(), record.Version), (found!.Values["name"], found.Values["parent"], found.Version));
    }

    [Fact]
    public async Task Pointing_FindsTheLiveRecordsByTheirLookupsValue()
    {
        var accounts = database.Objects.NewContact();
        var obj = database.Objects.NewContact(accounts);
        var a = await CreateAsync(TestObjects.Contact(accounts, "A"));
        var b = await CreateAsync(TestObjects.Contact(accounts, "B"));
        var toA = await CreateAsync(TestObjects.Contact(obj, "to A", parent: a.Id, owner: "rep2"));
        await CreateAsync(TestObjects.Contact(obj, "to B", parent: b.Id));
        await DeleteAsync(await CreateAsync(TestObjects.Contact(obj, "deleted, to A", parent: a.Id)));

        var found = await References.PointingAsync([Parent(obj)], [new RecordRef(accounts, a.Id)], CancellationToken.None);

        Assert.Equal([new PointingRecord(toA.Id, obj, "parent", a.Id, "rep2")], found);
        Assert.Empty(await References.PointingAsync([Parent(obj)], [new RecordRef(obj, a.Id)], CancellationToken.None));
    }

    [Fact]
    public async Task Delete_WithAPlan_CascadesAndClearsInOneTransaction_WithHistoryVersionsAndKeys()
    {
        var accounts = database.Objects.NewContact();
        var people = database.Objects.NewContact(accounts, LookupDeleteRule.Cascade);
        var notes = database.Objects.NewContact(people, LookupDeleteRule.Clear);
        var account = await CreateAsync(TestObjects.Contact(accounts, "Account", "account@example.cn"));
        var person = await CreateAsync(TestObjects.Contact(people, "Person", "person@example.cn", parent: account.Id));
        var note = await CreateAsync(TestObjects.Contact(notes, "Note", "note@example.cn", parent: person.Id));
        var plan = await PlanAsync(account, Parent(people), Parent(notes));
        Assert.Equal([account.Id, person.Id], plan.Deleted.Select(d => d.Id));

        await DeleteAsync(account, plan);

        Assert.True((await Store.FindAsync(accounts, account.Id, CancellationToken.None))!.Deleted);
        var deletedPerson = (await Store.FindAsync(people, person.Id, CancellationToken.None))!;
        Assert.True(deletedPerson.Deleted);
        Assert.Equal("mgr", deletedPerson.UpdatedBy);
        var cleared = (await Store.FindAsync(notes, note.Id, CancellationToken.None))!;
        Assert.False(cleared.Deleted);
        Assert.Null(cleared.Values["parent"]);
        Assert.Equal("Note", cleared.Values["name"]);
        Assert.NotEqual(note.Version, cleared.Version);
        var history = Assert.Single(await Store.FieldHistoryAsync(note.Id, CancellationToken.None));
        Assert.Equal(("parent", $"\"{person.Id}\"", (string?)null, "mgr"), (history.Field, history.OldValue, history.NewValue, history.By));
        await using var db = database.CreateContext();
        Assert.Equal(["note@example.cn"], await db.RecordKeys.Where(k => k.RecordId == account.Id || k.RecordId == person.Id || k.RecordId == note.Id)
            .Select(k => k.Key).ToListAsync());
        Assert.Equal(0, await db.RecordTotals.Where(t => t.Object == people).SumAsync(t => t.Count));
    }

    [Fact]
    public async Task Delete_ReachingOverAThousandRecords_ClearsAndCascadesThemAll()
    {
        var accounts = database.Objects.NewContact();
        var cascading = database.Objects.NewContact(accounts, LookupDeleteRule.Cascade);
        var clearing = database.Objects.NewContact(accounts, LookupDeleteRule.Clear);
        var account = await CreateAsync(TestObjects.Contact(accounts, "Big account"));
        var people = Enumerable.Range(0, 700).Select(i => TestObjects.Contact(cascading, $"P{i}", $"p{i}@example.cn", parent: account.Id)).ToList();
        var notes = Enumerable.Range(0, 1100).Select(i => TestObjects.Contact(clearing, $"N{i}", parent: account.Id)).ToList();
        foreach (var chunk in people.Concat(notes).Chunk(50)) await Task.WhenAll(chunk.Select(CreateAsync));
        var plan = await PlanAsync(account, Parent(cascading), Parent(clearing));
        Assert.Equal((701, 1100), (plan.Deleted.Count, plan.Cleared.Count));

        await DeleteAsync(account, plan);

        Assert.Empty((await Store.QueryAsync(new RecordQuery(cascading) { PageSize = 10 }, CancellationToken.None)).Items);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.RecordKeys.CountAsync(k => k.Object == cascading));
        Assert.Equal(1100, await db.FieldHistory.CountAsync(h => h.Field == "parent" && h.NewValue == null && h.OldValue == $"\"{account.Id}\""));
        var stillPointing = await References.PointingAsync([Parent(clearing)], [new RecordRef(accounts, account.Id)], CancellationToken.None);
        Assert.Empty(stillPointing);
    }

    [Fact]
    public async Task Delete_WhenTheRecordsPointingToItChangedSinceThePlan_ThrowsAndWritesNothing()
    {
        var accounts = database.Objects.NewContact();
        var people = database.Objects.NewContact(accounts, LookupDeleteRule.Clear);
        var account = await CreateAsync(TestObjects.Contact(accounts, "Account"));
        var plan = await PlanAsync(account, Parent(people));
        var late = await CreateAsync(TestObjects.Contact(people, "Linked after the plan", parent: account.Id));

        await Assert.ThrowsAsync<ReferencesChangedException>(() => DeleteAsync(account, plan));

        Assert.False((await Store.FindAsync(accounts, account.Id, CancellationToken.None))!.Deleted);
        Assert.Equal(account.Id.ToString(), (await Store.FindAsync(people, late.Id, CancellationToken.None))!.Values["parent"]);
    }

    [Fact]
    public async Task ConcurrentDeleteAndCreatePointingToIt_NeverLeaveALiveRecordPointingToADeletedOne()
    {
        var accounts = database.Objects.NewContact();
        var deals = database.Objects.NewContact(accounts); // restrict
        for (var round = 0; round < 25; round++)
        {
            var account = await CreateAsync(TestObjects.Contact(accounts, $"Account {round}"));
            var deal = TestObjects.Contact(deals, $"Deal {round}", parent: account.Id);
            var create = Task.Run(async () =>
            {
                // The references step has found the account live; then the write.
                try { await CreateAsync(deal); return true; }
                catch (ReferenceMissingException) { return false; }
            });
            var delete = Task.Run(async () =>
            {
                var plan = await PlanAsync(account, Parent(deals));
                if (plan.Pointing.Count > 0) return false; // restrict: refused
                try { await DeleteAsync(account, plan); return true; }
                catch (ReferencesChangedException) { return false; }
            });
            var (created, deleted) = (await create, await delete);

            var storedAccount = (await Store.FindAsync(accounts, account.Id, CancellationToken.None))!;
            var storedDeal = await Store.FindAsync(deals, deal.Id, CancellationToken.None);
            Assert.False(created && deleted, $"round {round}: both the create and the delete went through");
            Assert.Equal(deleted, storedAccount.Deleted);
            Assert.Equal(created, storedDeal is { Deleted: false });
        }
    }
}
