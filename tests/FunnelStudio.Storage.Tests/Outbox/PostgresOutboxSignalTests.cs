using System.Diagnostics;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Outbox;

/// <summary>
/// On PostgreSQL a save that writes outbox messages wakes the delivery (NOTIFY when it commits), so
/// after-commit hooks do not wait for the next poll; a save that writes none, or is refused, announces nothing.
/// </summary>
public sealed class PostgresOutboxSignalTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task SaveWithMessages_IsAnnouncedWhenItCommits_AndASaveWithoutNone()
    {
        var signal = database.Services.GetRequiredService<IOutboxSignal>();
        Assert.IsType<FunnelStudio.Storage.Outbox.PostgresOutboxSignal>(signal);
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None)); // listening now

        var quiet = signal.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        await database.Store.PersistAsync(TestObjects.Create(TestObjects.Record(database.Objects.NewDeal(), "No messages")), CancellationToken.None);
        Assert.False(await quiet);

        var record = TestObjects.Record(database.Objects.NewDeal(), "With a message");
        var clock = Stopwatch.StartNew();
        var announced = signal.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        await database.Store.PersistAsync(TestObjects.Create(record) with { Outbox = [OutboxKit.Message("test.kind", record: record.Id)] },
            CancellationToken.None);

        Assert.True(await announced);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"announced after {clock.Elapsed.TotalMilliseconds:0} ms");
    }
}
