namespace FunnelStudio.Tracing;

/// <summary>
/// Keeps save traces. <see cref="Record"/> never blocks or fails a save: traces are written after the
/// save, in batches, and dropped (and counted) when the writer cannot keep up — a trace is a
/// diagnostic, not part of the record.
/// </summary>
public interface ISaveTraceStore
{
    void Record(SaveTrace trace);

    /// <summary>The newest trace of a record, or null.</summary>
    Task<SaveTrace?> LastAsync(Guid recordId, CancellationToken cancellationToken);

    /// <summary>The newest traces in which a script failed, newest first.</summary>
    Task<IReadOnlyList<SaveTrace>> ScriptFailuresAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>Keeps nothing: the engine's default until storage registers its store (tests, the CLI).</summary>
public sealed class NoSaveTraceStore : ISaveTraceStore
{
    public void Record(SaveTrace trace) { }

    public Task<SaveTrace?> LastAsync(Guid recordId, CancellationToken cancellationToken) => Task.FromResult<SaveTrace?>(null);

    public Task<IReadOnlyList<SaveTrace>> ScriptFailuresAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SaveTrace>>([]);
}
