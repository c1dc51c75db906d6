using FunnelStudio.Records;

namespace FunnelStudio.Versions.Backtest;

/// <summary>Which side of the saves made at the moment itself: after them (what a move saw) or before (its <c>old</c>).</summary>
public enum MomentSide
{
    After,
    Before,
}

/// <summary>
/// A record's values at a past moment, from its own history — the one function every backtest
/// question goes through. Field history is written per save with the old and new value of every
/// field the save changed, and nothing on create (a new record's values are its history), so the
/// values at a moment are the current values with every change made later undone, newest first.
/// The stage is not in field history; it is the target of the last stage move up to the moment.
/// </summary>
public static class RecordTimeline
{
    /// <summary>
    /// The values <paramref name="record"/> had at <paramref name="moment"/>. With
    /// <see cref="MomentSide.After"/> the saves made at that very moment are included — a move saved
    /// together with value changes saw those values, so that is what its gate saw; with
    /// <see cref="MomentSide.Before"/> they are not (the record as the move found it: <c>old</c>).
    /// Before the record's first stage move the stage field is empty.
    /// </summary>
    public static RecordValues ValuesAt(HistoricalRecord record, DateTime moment, MomentSide side = MomentSide.After)
    {
        var values = new Dictionary<string, object?>(record.Values.Count + 1, StringComparer.Ordinal);
        foreach (var (field, value) in record.Values) values[field] = value;

        var changes = record.Changes;
        for (var i = changes.Count - 1; i >= 0; i--)
        {
            var change = changes[i];
            if (!IsLater(change.At, moment, side)) break; // oldest first: everything before it is earlier too
            values[change.Field] = change.OldValue;
        }

        if (record.StageField is { } stageField)
        {
            string? stage = null;
            foreach (var move in record.Moves)
            {
                if (IsLater(move.At, moment, side)) break;
                stage = move.To;
            }
            values[stageField] = stage;
        }
        return new RecordValues(values);
    }

    private static bool IsLater(DateTime at, DateTime moment, MomentSide side) =>
        side == MomentSide.After ? at > moment : at >= moment;
}
