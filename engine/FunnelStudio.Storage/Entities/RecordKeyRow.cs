namespace FunnelStudio.Storage.Entities;

/// <summary>
/// The normalized value of one unique field of one live record. Its primary key (object, field,
/// key) is what holds uniqueness, on every path and under races: a second record with the same
/// value cannot be stored. Written in the record's transaction; removed when the value changes or
/// the record is deleted.
/// </summary>
public sealed class RecordKeyRow
{
    public string Object { get; set; } = "";
    public string Field { get; set; } = "";
    public string Key { get; set; } = "";
    public Guid RecordId { get; set; }
}
