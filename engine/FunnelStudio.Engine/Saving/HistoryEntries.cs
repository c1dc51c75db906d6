namespace FunnelStudio.Saving;

/// <summary>One field change: old and new values as JSON text (null when empty).</summary>
public sealed record FieldHistoryEntry(Guid RecordId, string Field, string? OldValue, string? NewValue, DateTime At, string? By);

/// <summary>
/// One stage move, append-only: the source of every funnel KPI (conversion, time in stage, win
/// rate, cycle length, forecast), so it records from, to, when, who, the time spent in the stage
/// left and the amount at that moment.
/// </summary>
public sealed record StageHistoryEntry(Guid RecordId, string Object, string? From, string To, DateTime At, string? By)
{
    public double? SecondsInPreviousStage { get; init; }
    public decimal? Amount { get; init; }
}
