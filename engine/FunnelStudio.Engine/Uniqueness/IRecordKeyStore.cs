namespace FunnelStudio.Uniqueness;

/// <summary>
/// The unique keys held in the store (<c>record_keys</c>): whose they are, and the publish-time
/// backfill. The keys of a save are written by <see cref="Saving.IRecordStore.PersistAsync"/> in the
/// save's own transaction; this interface only reads them and fills them in for existing records.
/// </summary>
public interface IRecordKeyStore
{
    /// <summary>The live records of <paramref name="obj"/> that hold any of <paramref name="keys"/> (keys that are null are ignored).</summary>
    Task<IReadOnlyList<KeyHolder>> HoldersAsync(string obj, IReadOnlyCollection<UniqueKey> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Live records of <paramref name="obj"/> with a value in <paramref name="field"/> but no key for it,
    /// in id order after <paramref name="after"/>, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<Saving.StoredRecord>> MissingKeysAsync(string obj, string field, Guid? after, int limit, CancellationToken cancellationToken);

    /// <summary>Adds keys for existing records; a key someone holds already is left to them. Returns how many were added.</summary>
    Task<int> AddAsync(string obj, IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken);

    /// <summary>Removes the keys of every field that is not one of <paramref name="uniqueFields"/> (object → fields).</summary>
    Task RetainAsync(IReadOnlyDictionary<string, IReadOnlySet<string>> uniqueFields, CancellationToken cancellationToken);
}
