namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// One record open at an instant, with the values it had then (see README.md): its stage, owner,
/// amount and expected close as of that instant, reconstructed from the stage and field history.
/// <c>CloseValue</c> is the close field's value then, as stored: <c>yyyy-MM-dd</c> or an ISO 8601 UTC
/// date-time; null when empty.
/// </summary>
public sealed record OpenRecordAsOf(Guid Id, string? Title, string Stage, string? OwnerId, decimal? Amount, string? CloseValue);

/// <summary>A move of a live record into a terminal stage, with the record's owner as of the move.</summary>
public sealed record TerminalMove(long MoveId, Guid RecordId, string? Title, string? CurrentStage, string ToStage, DateTime At,
    decimal? Amount, string? OwnerId);

/// <summary>
/// One row of a stored daily snapshot: the open pipeline of one object as of <see cref="Day"/> 00:00 in
/// the analytics zone, per owner, expected close month (null: no close date) and stage.
/// </summary>
public sealed record SnapshotRow(DateOnly Day, string? OwnerId, DateOnly? CloseMonth, string Stage, int Count, decimal Amount, decimal WeightedAmount);
