namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One stage move (append-only): the source of the funnel analytics, so it keeps the object, the
/// time spent in the stage left and the amount at that moment. <see cref="OwnerId"/> is a copy of
/// the record's <em>current</em> owner, kept by database triggers (see the OwnerKeyedStageHistory
/// migration), so that a dashboard filtered by owner reads that owner's moves through an index.
/// </summary>
public sealed class StageHistoryRow
{
    public long Id { get; set; }
    public Guid RecordId { get; set; }
    public string Object { get; set; } = "";
    public string? FromStage { get; set; }
    public string ToStage { get; set; } = "";
    public DateTime At { get; set; }
    public string? By { get; set; }
    public double? SecondsInPreviousStage { get; set; }
    public decimal? Amount { get; set; }
    public string? OwnerId { get; set; }
}
