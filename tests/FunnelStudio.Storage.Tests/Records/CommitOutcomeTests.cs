using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteCommitOutcomeTests(SqliteDatabase database) : CommitOutcomeTests<SqliteDatabase>(database)
{
    // Every SQLite write takes an explicit transaction, creates too (on PostgreSQL creates commit
    // implicitly: BatchFailureTests).
    [Fact]
    public async Task CreateCommittedButReportedAsFailed_IsFoundStored_AndSucceedsOnce()
    {
        var obj = Database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Committed");
        Database.Faults.FailAfterCommit();

        var saved = await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);

        Assert.Equal(saved.Version, (await Store.FindAsync(obj, record.Id, CancellationToken.None))!.Version);
        Assert.Single(await Store.FieldHistoryAsync(record.Id, CancellationToken.None));
    }

    [Fact]
    public async Task CreateFailingBeforeItsCommit_IsSentAgain_AndStoredOnce()
    {
        var obj = Database.Objects.NewDeal();
        var record = TestObjects.Record(obj, "Retried");
        Database.Faults.FailBeforeCommit();

        var saved = await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);

        Assert.Equal(saved.Version, (await Store.FindAsync(obj, record.Id, CancellationToken.None))!.Version);
        Assert.Single(await Store.StageHistoryAsync(record.Id, CancellationToken.None));
    }
}

public sealed class PostgresCommitOutcomeTests(PostgresDatabase database) : CommitOutcomeTests<PostgresDatabase>(database);

/// <summary>
/// A single save whose commit fails as if its connection broke (<see cref="CommitFaults"/>): the
/// store finds out whether it was stored before answering — stored: success; not stored: sent
/// again (an update with its version check); never reachable: <see cref="DatabaseUnavailableException"/>.
/// </summary>
public abstract class CommitOutcomeTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IDisposable
    where TDatabase : StorageDatabase
{
    protected TDatabase Database => database;
    protected IRecordStore Store => database.Store;

    public void Dispose() => database.Faults.Reset();

    private async Task<(StoredRecord Before, PersistRequest Update)> UpdateOfANewRecordAsync(decimal amount)
    {
        var obj = database.Objects.NewDeal();
        var before = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, "Before", 100m)), CancellationToken.None);
        var changed = before with
        {
            Values = before.Values.With("amount", amount),
            Amount = amount,
            UpdatedAt = DateTime.UtcNow.AddSeconds(1),
            UpdatedBy = "rep2",
        };
        return (before, TestObjects.Update(before, changed, before.Version));
    }

    [Fact]
    public async Task UpdateCommittedButReportedAsFailed_IsFoundStored_AndSucceedsOnce()
    {
        var (before, update) = await UpdateOfANewRecordAsync(250m);
        database.Faults.FailAfterCommit();

        var saved = await Store.PersistAsync(update, CancellationToken.None);

        var found = await Store.FindAsync(before.Object, before.Id, CancellationToken.None);
        Assert.Equal(saved.Version, found!.Version);
        Assert.NotEqual(before.Version, saved.Version);
        Assert.Equal(250m, found.Values["amount"]);
        Assert.Single(await Store.FieldHistoryAsync(before.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateFailingBeforeItsCommit_IsSentAgainWithItsVersionCheck_AndStoredOnce()
    {
        var (before, update) = await UpdateOfANewRecordAsync(260m);
        database.Faults.FailBeforeCommit();

        var saved = await Store.PersistAsync(update, CancellationToken.None);

        var found = await Store.FindAsync(before.Object, before.Id, CancellationToken.None);
        Assert.Equal(saved.Version, found!.Version);
        Assert.Equal(260m, found.Values["amount"]);
        Assert.Single(await Store.FieldHistoryAsync(before.Id, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateWhoseCommitAlwaysFails_EndsInDatabaseUnavailable_AndChangesNothing()
    {
        var (before, update) = await UpdateOfANewRecordAsync(270m);
        database.Faults.FailBeforeCommit(times: 100);

        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => Store.PersistAsync(update, CancellationToken.None));

        database.Faults.Reset();
        var found = await Store.FindAsync(before.Object, before.Id, CancellationToken.None);
        Assert.Equal(before.Version, found!.Version);
        Assert.Equal(100m, found.Values["amount"]);
        Assert.Empty(await Store.FieldHistoryAsync(before.Id, CancellationToken.None));
    }
}
