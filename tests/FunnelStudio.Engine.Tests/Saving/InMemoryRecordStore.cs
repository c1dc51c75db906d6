using FunnelStudio.Saving;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>
/// A test store of our own interface, to unit-test the pipeline's decisions. The real stores
/// (SQLite, PostgreSQL) are tested in FunnelStudio.Storage.Tests and through the API.
/// </summary>
internal sealed class InMemoryRecordStore : IRecordStore
{
    private readonly Dictionary<Guid, StoredRecord> _records = [];
    private readonly Dictionary<(string, string), long> _counters = [];

    public List<PersistRequest> Writes { get; } = [];
    public List<FieldHistoryEntry> FieldHistory { get; } = [];
    public List<StageHistoryEntry> StageHistory { get; } = [];
    public RecordQuery? LastQuery { get; private set; }

    public Task<StoredRecord?> FindAsync(string obj, Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(id, out var r) && r.Object == obj ? r : null);

    public Task<RecordPage> QueryAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        LastQuery = query;
        var items = _records.Values.Where(r => r.Object == query.Object && !r.Deleted
            && (query.VisibleOwners is null || query.VisibleOwners.Contains(r.OwnerId!))).ToList();
        return Task.FromResult(new RecordPage(items, items.Count, query.Page, query.PageSize));
    }

    public Task<IReadOnlyDictionary<Guid, string?>> TitlesAsync(string obj, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<Guid, string?>>(ids.Where(id => _records.TryGetValue(id, out var r) && r.Object == obj && !r.Deleted)
            .ToDictionary(id => id, id => _records[id].Title));

    public Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, IReadOnlyList<string> stages,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task RefreshAmountsAsync(string obj, string? amountField, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<StoredRecord> PersistAsync(PersistRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsNew && _records[request.Record.Id].Version != request.ExpectedVersion)
            throw new ConcurrencyConflictException("stale");
        var saved = request.Record with { Version = request.Record.Version + 1 };
        _records[saved.Id] = saved;
        Writes.Add(request);
        FieldHistory.AddRange(request.FieldHistory);
        if (request.StageChange is { } change) StageHistory.Add(change);
        return Task.FromResult(saved);
    }

    public Task<long> NextNumberAsync(string obj, string field, CancellationToken cancellationToken)
    {
        var next = _counters.GetValueOrDefault((obj, field)) + 1;
        _counters[(obj, field)] = next;
        return Task.FromResult(next);
    }

    public Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(Guid recordId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<FieldHistoryEntry>>(FieldHistory.Where(h => h.RecordId == recordId).ToList());

    public Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(Guid recordId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StageHistoryEntry>>(StageHistory.Where(h => h.RecordId == recordId).ToList());
}
