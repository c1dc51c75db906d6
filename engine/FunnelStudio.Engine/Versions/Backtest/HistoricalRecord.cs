using FunnelStudio.Records;

namespace FunnelStudio.Versions.Backtest;

/// <summary>
/// One record with its stored history, as a backtest replays it: the values it has now, every
/// field change (oldest first) and every stage move (oldest first, the entry into its first stage
/// included). <see cref="StageField"/> is the pipeline's stage field the values were read with:
/// stage moves have their own history, so <see cref="RecordTimeline"/> puts the stage of the
/// moment there.
/// </summary>
public sealed record HistoricalRecord(Guid Id, string Object, string? Title, RecordValues Values, DateTime CreatedAt,
    IReadOnlyList<FieldChange> Changes, IReadOnlyList<StageMove> Moves)
{
    public string? StageField { get; init; }
}

/// <summary>One stored field change: the field, its value before and after (typed; null when empty) and when.</summary>
public sealed record FieldChange(string Field, object? OldValue, object? NewValue, DateTime At);

/// <summary>One stored stage move: from (null for the entry of a new record), to, when and by whom.</summary>
public sealed record StageMove(string? From, string To, DateTime At, string? By);
