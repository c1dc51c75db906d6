namespace FunnelStudio.Storage.Entities;

/// <summary>
/// One row of <c>records</c>: the system columns of every object's records and the field values as
/// JSON (<c>jsonb</c> on PostgreSQL). Reads and writes of records go through hand-written SQL
/// (<see cref="Records.EfRecordStore"/>); EF owns the table's schema and migrations.
/// </summary>
public sealed class RecordRow
{
    public Guid Id { get; set; }
    public string Object { get; set; } = "";
    public string? Stage { get; set; }
    public string? OwnerId { get; set; }
    public string? Title { get; set; }
    /// <summary>Field values as a JSON object (see <see cref="Records.StoredValues"/>).</summary>
    public string Values { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public string? UpdatedBy { get; set; }
    public DateTime? StageEnteredAt { get; set; }
    /// <summary>Revision counter, +1 on every update; the concurrency token on SQLite.</summary>
    public long Version { get; set; }
    public bool Deleted { get; set; }
    public long ConfigVersion { get; set; }
}
