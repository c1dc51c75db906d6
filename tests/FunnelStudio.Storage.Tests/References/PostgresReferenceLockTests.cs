using FunnelStudio.References;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.References;

/// <summary>
/// The two orders of a delete and a write pointing to the deleted record, made to happen on
/// PostgreSQL (on SQLite one writer at a time makes them impossible): a write that meets a delete
/// in progress waits for it and then fails; a delete that meets such a write in progress waits for
/// it and then sees the new pointer.
/// </summary>
public sealed class PostgresReferenceLockTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Blocked = TimeSpan.FromMilliseconds(500);

    private IRecordStore Store => database.Store;

    private Task<StoredRecord> CreateAsync(StoredRecord record) => Store.PersistAsync(database.Objects.CreateWithKeys(record), CancellationToken.None);

    [Fact]
    public async Task AWriteThatMeetsADeleteInProgress_WaitsForIt_ThenFailsWithNothingStored()
    {
        var accounts = database.Objects.NewContact();
        var deals = database.Objects.NewContact(accounts);
        var account = await CreateAsync(TestObjects.Contact(accounts, "Being deleted"));
        await using var deleter = database.CreateContext();
        await using var transaction = await deleter.Database.BeginTransactionAsync();
        await deleter.Database.ExecuteSqlRawAsync("SELECT id FROM records WHERE id = {0} FOR UPDATE", account.Id);
        await deleter.Database.ExecuteSqlRawAsync("UPDATE records SET deleted = TRUE WHERE id = {0}", account.Id);

        var deal = TestObjects.Contact(deals, "Points to it", parent: account.Id);
        var create = CreateAsync(deal);
        await Task.Delay(Blocked);
        Assert.False(create.IsCompleted, "the write waits for the delete's lock");
        await transaction.CommitAsync();

        var refused = await Assert.ThrowsAsync<ReferenceMissingException>(() => create);
        Assert.Equal(account.Id, refused.Target);
        Assert.Null(await Store.FindAsync(deals, deal.Id, CancellationToken.None));
    }

    [Fact]
    public async Task ADeleteThatMeetsAWritePointingToItInProgress_WaitsForIt_ThenSeesThePointer()
    {
        var accounts = database.Objects.NewContact();
        var deals = database.Objects.NewContact(accounts);
        var account = await CreateAsync(TestObjects.Contact(accounts, "Linked meanwhile"));
        var lookup = new LookupField(deals, database.Objects.Find(deals)!.Field("parent")!);
        var plan = new DeletePlan([new RecordRef(accounts, account.Id)], [lookup], [], []);
        var deal = TestObjects.Contact(deals, "Points to it", parent: account.Id);
        await using var writer = database.CreateContext();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        // What a write's first statement does, then its INSERT.
        await writer.Database.ExecuteSqlRawAsync("CALL fs_lock_references(ARRAY[{0}], ARRAY[{1}]::uuid[])", accounts, account.Id);
        await writer.Database.ExecuteSqlRawAsync(
            "INSERT INTO records (id, object, owner_id, title, \"values\", created_at, updated_at, version, deleted, config_version) " +
            "VALUES ({0}, {1}, 'rep1', 'Points to it', {2}::jsonb, now(), now(), 1, FALSE, 1)",
            deal.Id, deals, $"{{\"parent\": \"{account.Id}\"}}");

        var delete = Store.PersistAsync(TestObjects.Update(account, account with { Deleted = true }, account.Version) with { Delete = plan }, CancellationToken.None);
        await Task.Delay(Blocked);
        Assert.False(delete.IsCompleted, "the delete waits for the write's lock");
        await transaction.CommitAsync();

        await Assert.ThrowsAsync<ReferencesChangedException>(() => delete);
        Assert.False((await Store.FindAsync(accounts, account.Id, CancellationToken.None))!.Deleted);
        Assert.NotNull(await Store.FindAsync(deals, deal.Id, CancellationToken.None));
    }
}
