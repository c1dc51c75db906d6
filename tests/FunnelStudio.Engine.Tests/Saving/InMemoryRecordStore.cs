using FunnelStudio.Records;
using FunnelStudio.References;
using FunnelStudio.Saving;
using FunnelStudio.Uniqueness;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>
/// A test store of our own interfaces, to unit-test the pipeline's decisions. It behaves like the
/// real ones where the pipeline relies on it: keys held per (object, field, key), lookup targets
/// checked at the write, delete plans carried out. The real stores (SQLite, PostgreSQL) are tested
/// in FunnelStudio.Storage.Tests and through the API.
/// </summary>
internal sealed class InMemoryRecordStore : IRecordStore, IRecordKeyStore, IReferenceStore
{
    private readonly Dictionary<Guid, StoredRecord> _records = [];
    private readonly Dictionary<(string, string), long> _counters = [];
    private readonly Dictionary<(string Object, string Field, string Key), Guid> _keys = [];

    public List<PersistRequest> Writes { get; } = [];
    public List<FieldHistoryEntry> FieldHistory { get; } = [];
    public List<StageHistoryEntry> StageHistory { get; } = [];
    public RecordQuery? LastQuery { get; private set; }

    /// <summary>Runs just before a write is stored: a test's chance to let "someone else" get there first.</summary>
    public Action<PersistRequest>? BeforeWrite { get; set; }

    public IReadOnlyDictionary<(string Object, string Field, string Key), Guid> Keys => _keys;

    public Task<StoredRecord?> FindAsync(string obj, Guid id, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryGetValue(id, out var r) && r.Object == obj ? r : null);

    public Task<RecordPage> QueryAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        LastQuery = query;
        var items = _records.Values.Where(r => r.Object == query.Object && !r.Deleted
            && (query.VisibleOwners is null || query.VisibleOwners.Contains(r.OwnerId!))
            && query.FieldFilters.All(f => Matches(r, f))).ToList();
        return Task.FromResult(new RecordPage(items, items.Count, query.Page, query.PageSize));
    }

    // Like the real stores: text ignoring case and surrounding spaces, phone fields by their digits.
    private static bool Matches(StoredRecord record, FieldEquals filter)
    {
        var value = Convert.ToString(record.Values[filter.Field], System.Globalization.CultureInfo.InvariantCulture);
        if (value is null) return false;
        return filter.Digits
            ? Digits(value) == Digits(filter.Value)
            : string.Equals(value.Trim(), filter.Value.Trim(), StringComparison.OrdinalIgnoreCase);

        static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());
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
        BeforeWrite?.Invoke(request);
        if (!request.IsNew && _records[request.Record.Id].Version != request.ExpectedVersion)
            throw new ConcurrencyConflictException("stale");
        if (request.References.FirstOrDefault(r => !(_records.TryGetValue(r.Id, out var t) && t.Object == r.Object && !t.Deleted)) is { } gone)
            throw new ReferenceMissingException(gone.Id, "gone");
        var record = request.Record;
        if (request.Keys.Any(k => k.Key is not null && _keys.TryGetValue((record.Object, k.Field, k.Key), out var holder) && holder != record.Id))
            throw new UniqueValueConflictException("taken");
        if (request.Delete is { } plan && !Pointing(plan.Lookups, plan.Deleted).ToHashSet().SetEquals(plan.Pointing))
            throw new ReferencesChangedException("changed");

        var saved = record with { Version = record.Version + 1 };
        _records[saved.Id] = saved;
        foreach (var key in request.Keys) _keys.Remove((record.Object, key.Field, Old(record.Id, key.Field)));
        foreach (var key in request.Keys.Where(k => k.Key is not null)) _keys[(record.Object, key.Field, key.Key!)] = record.Id;
        if (record.Deleted) Release(record.Id);
        if (request.Delete is { } effects) Apply(effects, record);
        Writes.Add(request);
        FieldHistory.AddRange(request.FieldHistory);
        if (request.StageChange is { } change) StageHistory.Add(change);
        return Task.FromResult(saved);
    }

    /// <summary>Stores a record as it is (test setup), with its keys.</summary>
    public StoredRecord Put(StoredRecord record, params UniqueKey[] keys)
    {
        _records[record.Id] = record;
        foreach (var key in keys) _keys[(record.Object, key.Field, key.Key!)] = record.Id;
        return record;
    }

    private void Apply(DeletePlan plan, StoredRecord by)
    {
        foreach (var cascaded in plan.Cascaded)
        {
            _records[cascaded.Id] = _records[cascaded.Id] with { Deleted = true, Version = _records[cascaded.Id].Version + 1 };
            Release(cascaded.Id);
        }
        foreach (var cleared in plan.Cleared)
        {
            var record = _records[cleared.Id];
            _records[cleared.Id] = record with { Values = record.Values.With(cleared.Field, null), Version = record.Version + 1, UpdatedBy = by.UpdatedBy };
            FieldHistory.Add(new FieldHistoryEntry(cleared.Id, cleared.Field, RecordJson.ValueText(cleared.Target.ToString()), null, by.UpdatedAt, by.UpdatedBy));
        }
    }

    private string Old(Guid id, string field) => _keys.FirstOrDefault(k => k.Value == id && k.Key.Field == field).Key.Key ?? "";

    private void Release(Guid id)
    {
        foreach (var key in _keys.Where(k => k.Value == id).Select(k => k.Key).ToList()) _keys.Remove(key);
    }

    private IEnumerable<PointingRecord> Pointing(IReadOnlyList<LookupField> lookups, IReadOnlyCollection<RecordRef> targets) =>
        from lookup in lookups
        from record in _records.Values
        where record.Object == lookup.Object && !record.Deleted
        let value = record.Values.GetString(lookup.Name)
        from target in targets
        where target.Object == lookup.Target && value == target.Id.ToString()
        select new PointingRecord(record.Id, record.Object, lookup.Name, target.Id, record.OwnerId);

    public Task<IReadOnlyList<PointingRecord>> PointingAsync(IReadOnlyList<LookupField> lookups, IReadOnlyCollection<RecordRef> targets,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PointingRecord>>(Pointing(lookups, targets).ToList());

    public Task<IReadOnlyList<KeyHolder>> HoldersAsync(string obj, IReadOnlyCollection<UniqueKey> keys, CancellationToken cancellationToken)
    {
        var holders = new List<KeyHolder>();
        foreach (var key in keys.Where(k => k.Key is not null))
            if (_keys.TryGetValue((obj, key.Field, key.Key!), out var id) && _records[id] is { Deleted: false } holder)
                holders.Add(new KeyHolder(key.Field, key.Key!, id, holder.OwnerId, holder.Title));
        return Task.FromResult<IReadOnlyList<KeyHolder>>(holders);
    }

    public Task<IReadOnlyList<StoredRecord>> MissingKeysAsync(string obj, string field, Guid? after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredRecord>>(_records.Values
            .Where(r => r.Object == obj && !r.Deleted && r.Values[field] is not null && !_keys.Any(k => k.Value == r.Id && k.Key.Field == field))
            .OrderBy(r => r.Id).Where(r => after is null || r.Id.CompareTo(after.Value) > 0).Take(limit).ToList());

    public Task<int> AddAsync(string obj, IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken) =>
        Task.FromResult(keys.Count(k => _keys.TryAdd((obj, k.Field, k.Key), k.RecordId)));

    public Task RetainAsync(IReadOnlyDictionary<string, IReadOnlySet<string>> uniqueFields, CancellationToken cancellationToken)
    {
        foreach (var key in _keys.Keys.Where(k => !(uniqueFields.TryGetValue(k.Object, out var f) && f.Contains(k.Field))).ToList()) _keys.Remove(key);
        return Task.CompletedTask;
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
