using FunnelStudio.Records;

namespace FunnelStudio.Saving;

/// <summary>
/// A record as stored: system columns and its field values. <see cref="Version"/> is the
/// optimistic-concurrency token (the API's ETag); a save names the version it started from.
/// </summary>
public sealed record StoredRecord(Guid Id, string Object, RecordValues Values)
{
    public string? Stage { get; init; }
    public string? OwnerId { get; init; }
    public string? Title { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    public string? CreatedBy { get; init; }
    public string? UpdatedBy { get; init; }
    /// <summary>When the record entered its current stage.</summary>
    public DateTime? StageEnteredAt { get; init; }
    /// <summary>
    /// The funnel amount (the value of the pipeline's <see cref="Metadata.PipelineDefinition.AmountField"/>), kept in its
    /// own column so the board's sums never read the values; null when the record has none.
    /// </summary>
    public decimal? Amount { get; init; }
    public long Version { get; init; }
    public bool Deleted { get; init; }
    /// <summary>The published config version the record was last saved under.</summary>
    public long ConfigVersion { get; init; }
}
