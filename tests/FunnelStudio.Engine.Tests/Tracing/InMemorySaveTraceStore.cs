using FunnelStudio.Tracing;

namespace FunnelStudio.Engine.Tests.Tracing;

/// <summary>Keeps every trace in memory, in the order recorded.</summary>
internal sealed class InMemorySaveTraceStore : ISaveTraceStore
{
    private readonly List<SaveTrace> _traces = [];

    public IReadOnlyList<SaveTrace> Traces
    {
        get { lock (_traces) return _traces.ToList(); }
    }

    public void Record(SaveTrace trace)
    {
        lock (_traces) _traces.Add(trace with { Id = _traces.Count + 1 });
    }

    public Task<SaveTrace?> LastAsync(Guid recordId, CancellationToken cancellationToken) =>
        Task.FromResult(Traces.LastOrDefault(t => t.RecordId == recordId));

    public Task<IReadOnlyList<SaveTrace>> ScriptFailuresAsync(int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SaveTrace>>(Traces.Where(t => t.ScriptFailed).Reverse().Take(limit).ToList());
}
