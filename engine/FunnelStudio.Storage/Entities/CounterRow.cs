namespace FunnelStudio.Storage.Entities;

/// <summary>The last number handed out for an autonumber field (object + field).</summary>
public sealed class CounterRow
{
    public string Object { get; set; } = "";
    public string Field { get; set; } = "";
    public long Value { get; set; }
}
