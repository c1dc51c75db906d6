namespace FunnelStudio.Storage.Entities;

/// <summary>One field change (append-only): old and new value as JSON text.</summary>
public sealed class FieldHistoryRow
{
    public long Id { get; set; }
    public Guid RecordId { get; set; }
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public DateTime At { get; set; }
    public string? By { get; set; }
}
