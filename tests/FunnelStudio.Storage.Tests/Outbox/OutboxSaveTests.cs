using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Uniqueness;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Outbox;

public sealed class SqliteOutboxSaveTests(SqliteDatabase database) : OutboxSaveTests<SqliteDatabase>(database)
{
    // Every SQLite write has an explicit transaction, creates too (PostgreSQL's creates commit implicitly).
    [Fact]
    public async Task CreateCommittedButReportedAsFailed_StoresItsMessagesOnce()
    {
        var record = TestObjects.Record(Database.Objects.NewDeal(), "Committed");
        Database.Faults.FailAfterCommit();

        await Database.Store.PersistAsync(WithMessages(TestObjects.CreateWithoutFieldHistory(record), record.Id, 2), CancellationToken.None);

        Assert.Equal(2, (await OutboxKit.OfAsync(Outbox, record.Id)).Count);
    }
}

public sealed class PostgresOutboxSaveTests(PostgresDatabase database) : OutboxSaveTests<PostgresDatabase>(database);

/// <summary>
/// A save's outbox messages are written in the save's transaction: stored exactly when the record
/// is, never by a refused save, and once also when the commit's outcome had to be found out.
/// </summary>
public abstract class OutboxSaveTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase>, IDisposable
    where TDatabase : StorageDatabase
{
    protected TDatabase Database => database;
    protected IOutboxStore Outbox => database.Services.GetRequiredService<IOutboxStore>();
    private IRecordStore Store => database.Store;

    public void Dispose() => database.Faults.Reset();

    protected static PersistRequest WithMessages(PersistRequest request, Guid record, int count) => request with
    {
        Outbox = Enumerable.Range(1, count)
            .Select(i => OutboxKit.Message("test.after_save", $"{{\"n\": {i}, \"text\": \"中文 \\\"quoted\\\"\"}}", record, $"hook {i}"))
            .ToList(),
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_WithMessages_StoresThemPendingWithTheRecord(bool withFieldHistory)
    {
        var record = TestObjects.Record(database.Objects.NewDeal(), "With messages");
        var create = withFieldHistory ? TestObjects.Create(record) : TestObjects.CreateWithoutFieldHistory(record);
        var before = DateTime.UtcNow.AddSeconds(-1);

        await Store.PersistAsync(WithMessages(create, record.Id, 2), CancellationToken.None);

        Assert.NotNull(await Store.FindAsync(record.Object, record.Id, CancellationToken.None));
        var messages = await OutboxKit.OfAsync(Outbox, record.Id);
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m =>
        {
            Assert.Equal("test.after_save", m.Kind);
            Assert.Equal(OutboxStatus.Pending, m.Status);
            Assert.Equal(0, m.Attempts);
            Assert.Null(m.DoneAt);
            Assert.Null(m.LastError);
            Assert.InRange(m.CreatedAt, before, DateTime.UtcNow.AddSeconds(1));
            Assert.Equal(m.CreatedAt, m.NextAttemptAt);
        });
        // The payload comes back as the exact text the save gave (not re-serialized).
        Assert.Equal("{\"n\": 1, \"text\": \"中文 \\\"quoted\\\"\"}", messages[0].Payload);
        Assert.Equal(["hook 1", "hook 2"], messages.Select(m => m.Description));
        Assert.All(messages, m => Assert.Equal(record.Object, m.RecordObject));
    }

    [Fact]
    public async Task Update_WithMessages_StoresThem_AndAStaleUpdateStoresNone()
    {
        var created = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(database.Objects.NewDeal(), "Before")),
            CancellationToken.None);
        var changed = created with { Title = "After", UpdatedAt = DateTime.UtcNow.AddSeconds(1) };
        await Store.PersistAsync(WithMessages(TestObjects.Update(created, changed, created.Version), created.Id, 1), CancellationToken.None);

        var stale = changed with { Title = "Stale", UpdatedAt = DateTime.UtcNow.AddSeconds(2) };
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            Store.PersistAsync(WithMessages(TestObjects.Update(changed, stale, created.Version), created.Id, 3), CancellationToken.None));

        Assert.Single(await OutboxKit.OfAsync(Outbox, created.Id));
    }

    [Fact]
    public async Task RefusedCreate_StoresNoMessages()
    {
        var obj = database.Objects.NewContact();
        await Store.PersistAsync(database.Objects.CreateWithKeys(TestObjects.Contact(obj, "First", "same@example.com")), CancellationToken.None);
        var second = TestObjects.Contact(obj, "Second", "SAME@example.com");

        await Assert.ThrowsAsync<UniqueValueConflictException>(() =>
            Store.PersistAsync(WithMessages(database.Objects.CreateWithKeys(second), second.Id, 2), CancellationToken.None));

        Assert.Null(await Store.FindAsync(obj, second.Id, CancellationToken.None));
        Assert.Empty(await OutboxKit.OfAsync(Outbox, second.Id));
    }

    [Fact]
    public async Task UpdateCommittedButReportedAsFailed_IsFoundStored_AndItsMessagesAreNotSentAgain()
    {
        var created = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(database.Objects.NewDeal(), "Before")),
            CancellationToken.None);
        var changed = created with { Title = "After", UpdatedAt = DateTime.UtcNow.AddSeconds(1), UpdatedBy = "rep2" };
        database.Faults.FailAfterCommit();

        await Store.PersistAsync(WithMessages(TestObjects.Update(created, changed, created.Version), created.Id, 2), CancellationToken.None);

        Assert.Equal(2, (await OutboxKit.OfAsync(Outbox, created.Id)).Count);
    }

    [Fact]
    public async Task UpdateFailingBeforeItsCommit_IsSentAgain_AndStoresItsMessagesOnce()
    {
        var created = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(database.Objects.NewDeal(), "Before")),
            CancellationToken.None);
        var changed = created with { Title = "After", UpdatedAt = DateTime.UtcNow.AddSeconds(1), UpdatedBy = "rep2" };
        database.Faults.FailBeforeCommit();

        await Store.PersistAsync(WithMessages(TestObjects.Update(created, changed, created.Version), created.Id, 2), CancellationToken.None);

        Assert.Equal("After", (await Store.FindAsync(created.Object, created.Id, CancellationToken.None))!.Title);
        Assert.Equal(2, (await OutboxKit.OfAsync(Outbox, created.Id)).Count);
    }

    [Fact]
    public async Task Enqueue_OnItsOwn_StoresPendingMessages_AndAKindTooLongIsRefused()
    {
        var record = Guid.NewGuid();

        await Outbox.EnqueueAsync([OutboxKit.Message("test.later", record: record, description: new string('d', 600))], CancellationToken.None);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Outbox.EnqueueAsync([OutboxKit.Message(new string('k', 101), record: record)], CancellationToken.None));

        var stored = Assert.Single(await OutboxKit.OfAsync(Outbox, record));
        Assert.Equal(OutboxStatus.Pending, stored.Status);
        Assert.Equal(500, stored.Description!.Length);
        Assert.Null(stored.RecordObject);
    }
}
