using FunnelStudio.Metadata;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// A day's snapshot being built: count, amount and weighted amount per (owner, close month, stage).
/// Records are added and taken away again, so the job can turn one day's open pipeline into the next
/// one's from only the records that changed in between (taken away as they were, added as they are)
/// instead of reconstructing every record for every day. Every figure is a sum of per-record decimal
/// values, so taking a record away leaves exactly what adding the others alone gives.
/// </summary>
public sealed class SnapshotTotals(ObjectDefinition obj, AnalyticsCalendar calendar)
{
    private readonly PipelineDefinition _pipeline = obj.Pipeline ?? throw new ArgumentException($"'{obj.Name}' has no pipeline.", nameof(obj));
    private readonly Dictionary<(string? Owner, DateOnly? CloseMonth, string Stage), (int Count, decimal Amount, decimal Weighted)> _groups = new();

    public void Add(OpenRecordAsOf record) => Apply(record, +1);

    public void Remove(OpenRecordAsOf record) => Apply(record, -1);

    /// <summary>The rows of <paramref name="day"/>, in owner, close month and stage order; a group left empty is no row.</summary>
    public IReadOnlyList<SnapshotRow> Rows(DateOnly day) => _groups
        .Where(g => g.Value.Count > 0)
        .Select(g => new SnapshotRow(day, g.Key.Owner, g.Key.CloseMonth, g.Key.Stage, g.Value.Count, g.Value.Amount, g.Value.Weighted))
        .OrderBy(r => r.OwnerId, StringComparer.Ordinal).ThenBy(r => r.CloseMonth).ThenBy(r => r.Stage, StringComparer.Ordinal)
        .ToList();

    private void Apply(OpenRecordAsOf record, int sign)
    {
        var key = (record.OwnerId, SnapshotBuilder.CloseMonth(record.CloseValue, calendar), record.Stage);
        var probability = _pipeline.Find(record.Stage)?.Probability ?? 0m;
        var (count, amount, weighted) = _groups.GetValueOrDefault(key);
        var next = (count + sign, amount + sign * (record.Amount ?? 0m), weighted + sign * SnapshotBuilder.Weighted(record.Amount, probability));
        if (next.Item1 == 0) _groups.Remove(key);
        else _groups[key] = next;
    }
}
