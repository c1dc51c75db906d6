namespace FunnelStudio.Versions;

/// <summary>
/// Reads every live record of an object in id order, a page at a time, with its values as stored
/// JSON — so the impact of a draft is worked out with the draft's own field definitions, not the
/// published ones. Implemented by storage.
/// </summary>
public interface IRecordScan
{
    /// <summary>Live records of <paramref name="obj"/> after <paramref name="after"/> (id order), at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ScannedRecord>> LiveRecordsAsync(string obj, Guid? after, int limit, CancellationToken cancellationToken);
}

/// <summary>A stored record as the scan returns it: system columns and the values JSON.</summary>
public sealed record ScannedRecord(Guid Id, string? Stage, string? Title, DateTime CreatedAt, DateTime UpdatedAt, string ValuesJson);
