using System.Threading.Channels;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Tracing;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tracing;

/// <summary>
/// <see cref="ISaveTraceStore"/> over <c>save_traces</c>. <see cref="Record"/> only queues the trace
/// on a bounded channel (full: the trace is dropped and counted in <see cref="Dropped"/>), so a save
/// never waits for, nor fails on, its trace. <see cref="SaveTraceWriter"/> writes the queue in
/// batches, one multi-row INSERT each; <see cref="SaveTracePurge"/> deletes old traces.
/// </summary>
public sealed class EfSaveTraceStore : ISaveTraceStore
{
    /// <summary>Traces per INSERT: 10 parameters each, well under either provider's limit.</summary>
    public const int BatchSize = 200;

    private const string Columns = "record_id, object, operation, user_id, at, outcome, config_version, duration_ms, script_failed, steps";

    private readonly IDbContextFactory<FunnelStudioDbContext> _contexts;
    private readonly SaveTraceOptions _options;
    private readonly TimeProvider _clock;
    private readonly Channel<SaveTrace> _queue;
    private long _dropped;

    public EfSaveTraceStore(IDbContextFactory<FunnelStudioDbContext> contexts, SaveTraceOptions options, TimeProvider clock)
    {
        _contexts = contexts;
        _options = options;
        _clock = clock;
        // Wait mode makes TryWrite say "full" instead of dropping silently, so the drop is counted.
        _queue = Channel.CreateBounded<SaveTrace>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, SingleReader = true, SingleWriter = false,
        });
    }

    /// <summary>Traces dropped since start: the queue was full, or their batch could not be written.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Traces waiting for the writer.</summary>
    public int Queued => _queue.Reader.Count;

    public void Record(SaveTrace trace)
    {
        if (!_queue.Writer.TryWrite(trace)) Interlocked.Increment(ref _dropped);
    }

    /// <summary>Waits until a trace is queued; false once the queue is completed.</summary>
    public ValueTask<bool> WaitForTracesAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Writes every trace queued now, <see cref="BatchSize"/> per statement; returns how many were
    /// written. A batch that fails is dropped and counted (traces are diagnostics: never retried into
    /// a growing backlog), and the error is thrown for the caller to log.
    /// </summary>
    public async Task<int> WriteQueuedAsync(CancellationToken cancellationToken)
    {
        var written = 0;
        var batch = new List<SaveTrace>(BatchSize);
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var trace)) batch.Add(trace);
            if (batch.Count == 0) return written;
            try
            {
                await InsertAsync(batch, cancellationToken);
            }
            catch
            {
                Interlocked.Add(ref _dropped, batch.Count);
                throw;
            }
            written += batch.Count;
        }
    }

    public async Task<SaveTrace?> LastAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SaveTraces.AsNoTracking().Where(t => t.RecordId == recordId)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToTrace(row);
    }

    public async Task<IReadOnlyList<SaveTrace>> ScriptFailuresAsync(int limit, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.SaveTraces.AsNoTracking().Where(t => t.ScriptFailed)
            .OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Take(Math.Clamp(limit, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(ToTrace).ToList();
    }

    /// <summary>Deletes the traces older than <see cref="SaveTraceOptions.KeepDays"/>; returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = _clock.GetUtcNow().UtcDateTime - _options.KeepFor;
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.SaveTraces.Where(t => t.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    private async Task InsertAsync(List<SaveTrace> batch, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(_contexts, cancellationToken);
        var sql = session.Command().Append($"INSERT INTO save_traces ({Columns}) VALUES ");
        for (var i = 0; i < batch.Count; i++)
        {
            var t = batch[i];
            var at = t.At.Kind == DateTimeKind.Local ? t.At.ToUniversalTime() : DateTime.SpecifyKind(t.At, DateTimeKind.Utc);
            sql.Append(i == 0 ? "(" : ", (")
                .Append(sql.Param(t.RecordId)).Append(", ").Append(sql.Param(t.Object)).Append(", ")
                .Append(sql.Param(t.Operation)).Append(", ").Append(sql.Param(t.UserId)).Append(", ")
                .Append(sql.Param(at)).Append(", ").Append(sql.Param(t.Outcome)).Append(", ")
                .Append(sql.Param(t.ConfigVersion)).Append(", ").Append(sql.Param(t.DurationMs)).Append(", ")
                .Append(sql.Param(t.ScriptFailed)).Append(", ").Append(sql.Param(SaveTraceJson.Write(t.Steps))).Append(")");
        }
        await sql.Build().ExecuteNonQueryAsync(cancellationToken);
    }

    private static SaveTrace ToTrace(SaveTraceRow row) =>
        new(row.Object, row.Operation, row.UserId, DateTime.SpecifyKind(row.At, DateTimeKind.Utc), row.Outcome, SaveTraceJson.Read(row.Steps))
        {
            Id = row.Id,
            RecordId = row.RecordId,
            ConfigVersion = row.ConfigVersion,
            DurationMs = row.DurationMs,
        };
}
