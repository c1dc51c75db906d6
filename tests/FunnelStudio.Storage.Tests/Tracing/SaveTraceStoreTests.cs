using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Storage.Tracing;
using FunnelStudio.Tracing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Tracing;

public sealed class SqliteSaveTraceStoreTests(SqliteDatabase database) : SaveTraceStoreTests<SqliteDatabase>(database);

public sealed class PostgresSaveTraceStoreTests(PostgresDatabase database) : SaveTraceStoreTests<PostgresDatabase>(database);

/// <summary>Save traces queued, written in batches, read back and purged, on both providers.</summary>
public abstract class SaveTraceStoreTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private EfSaveTraceStore Store => database.Services.GetRequiredService<EfSaveTraceStore>();

    /// <summary>Now, to the millisecond: both providers keep at least that.</summary>
    private static DateTime Now()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    private static SaveTrace Trace(Guid? recordId, DateTime at, params TraceStep[] steps) =>
        new("deal", "update", "rep-" + Guid.NewGuid().ToString("N")[..8], at, "saved", steps.Length > 0 ? steps : [Validation])
        {
            RecordId = recordId, ConfigVersion = 7, DurationMs = 1.25,
        };

    private static readonly TraceStep Validation = new(TraceKinds.Rules, "validation", TraceDecisions.Passed, 0.5);

    private static TraceStep FailedScript(string name) => new(TraceKinds.Script, name, TraceDecisions.Failed, 12.5)
    {
        Source = "dedupe-guard", Detail = "TypeError: x is undefined (scripts/guard.js:3:7)", Statements = 4096,
    };

    [Fact]
    public void ISaveTraceStore_IsTheStoragesStore()
    {
        Assert.Same(Store, database.Services.GetRequiredService<ISaveTraceStore>());
    }

    [Fact]
    public async Task RecordedTrace_IsWrittenAndReadBack_WithEveryColumnAndStep()
    {
        var recordId = Guid.NewGuid();
        var at = Now();
        var trace = Trace(recordId, at, Validation, new TraceStep(TraceKinds.Gate, "lead→mql", TraceDecisions.Refused, 0.75)
        {
            Detail = "first_contact_held (lead), 资格确认 (lead)",
        }, FailedScript("scripts/guard.js#check")) with { Outcome = "refused:stageBlocked" };

        Store.Record(trace);
        Assert.Equal(1, await Store.WriteQueuedAsync(CancellationToken.None));

        var read = await Store.LastAsync(recordId, CancellationToken.None);
        Assert.NotNull(read);
        Assert.True(read.Id > 0);
        Assert.Equal((trace.Object, trace.Operation, trace.UserId, at, trace.Outcome, recordId, 7L, 1.25),
            (read.Object, read.Operation, read.UserId, read.At, read.Outcome, read.RecordId, read.ConfigVersion, read.DurationMs));
        Assert.Equal(DateTimeKind.Utc, read.At.Kind);
        Assert.Equal(trace.Steps, read.Steps);
        Assert.True(read.ScriptFailed);
    }

    [Fact]
    public async Task LastAsync_GivesTheRecordsNewestTrace_AndNullForARecordWithoutOne()
    {
        var recordId = Guid.NewGuid();
        var at = Now();
        Store.Record(Trace(recordId, at.AddSeconds(-5)) with { Outcome = "older" });
        Store.Record(Trace(recordId, at) with { Outcome = "newest" });
        Store.Record(Trace(Guid.NewGuid(), at.AddSeconds(5)) with { Outcome = "other record" });
        Store.Record(Trace(null, at.AddSeconds(5)) with { Outcome = "refused create" });
        await Store.WriteQueuedAsync(CancellationToken.None);

        Assert.Equal("newest", (await Store.LastAsync(recordId, CancellationToken.None))?.Outcome);
        Assert.Null(await Store.LastAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task ScriptFailures_ListOnlyTracesWithAFailedScript_NewestFirst()
    {
        var at = Now().AddDays(1); // after every other test's traces
        var marker = Guid.NewGuid().ToString("N")[..8];
        Store.Record(Trace(Guid.NewGuid(), at.AddSeconds(1), Validation, FailedScript($"a.js#{marker}-old")));
        Store.Record(Trace(Guid.NewGuid(), at.AddSeconds(3), Validation,
            new TraceStep(TraceKinds.Script, $"a.js#{marker}-fine", TraceDecisions.Passed, 1)));
        Store.Record(Trace(null, at.AddSeconds(2), FailedScript($"a.js#{marker}-new")));
        await Store.WriteQueuedAsync(CancellationToken.None);

        var failures = await Store.ScriptFailuresAsync(2, CancellationToken.None);

        Assert.Equal([$"a.js#{marker}-new", $"a.js#{marker}-old"],
            failures.Select(f => f.Steps.Single(s => s.Kind == TraceKinds.Script).Name).ToArray());
    }

    [Fact]
    public async Task ManyTraces_AreAllWritten_BatchByBatch()
    {
        var recordId = Guid.NewGuid();
        var at = Now();
        var count = EfSaveTraceStore.BatchSize * 2 + 17;
        for (var i = 0; i < count; i++) Store.Record(Trace(recordId, at.AddMilliseconds(i)) with { Outcome = $"n{i}" });

        Assert.Equal(count, await Store.WriteQueuedAsync(CancellationToken.None));

        await using var db = database.CreateContext();
        Assert.Equal(count, await db.SaveTraces.CountAsync(t => t.RecordId == recordId));
        Assert.Equal($"n{count - 1}", (await Store.LastAsync(recordId, CancellationToken.None))?.Outcome);
        Assert.Equal(0, Store.Queued);
    }

    [Fact]
    public async Task Record_WhenTheQueueIsFull_DropsTheTraceAndCountsIt()
    {
        var options = new SaveTraceOptions { QueueCapacity = 100 };
        var store = new EfSaveTraceStore(database.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(), options, TimeProvider.System);
        var recordId = Guid.NewGuid();

        for (var i = 0; i < 103; i++) store.Record(Trace(recordId, Now()));

        Assert.Equal((100, 3L), (store.Queued, store.Dropped));
        Assert.Equal(100, await store.WriteQueuedAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Purge_DeletesTheTracesOlderThanTheKeepTime()
    {
        var keep = database.Services.GetRequiredService<SaveTraceOptions>().KeepFor;
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        Store.Record(Trace(old, Now() - keep - TimeSpan.FromMinutes(1)));
        Store.Record(Trace(recent, Now() - keep + TimeSpan.FromMinutes(10)));
        await Store.WriteQueuedAsync(CancellationToken.None);

        Assert.True(await Store.PurgeAsync(CancellationToken.None) >= 1);

        Assert.Null(await Store.LastAsync(old, CancellationToken.None));
        Assert.NotNull(await Store.LastAsync(recent, CancellationToken.None));
    }
}
