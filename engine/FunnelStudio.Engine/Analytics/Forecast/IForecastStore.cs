using FunnelStudio.Metadata;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// The storage side of the forecast: reconstructing the open pipeline at an instant from history, the
/// terminal moves of a period, and the daily snapshots (<c>pipeline_snapshots</c>). No access is
/// applied here: <see cref="IForecastService"/> does that. Deleted records are always left out.
/// </summary>
public interface IForecastStore
{
    /// <summary>
    /// The live records of <paramref name="obj"/> whose last stage move at or before
    /// <paramref name="instantUtc"/> went into an open stage, with their owner, amount and close value as of that instant.
    /// </summary>
    Task<IReadOnlyList<OpenRecordAsOf>> OpenRecordsAsync(ObjectDefinition obj, DateTime instantUtc, CancellationToken cancellationToken);

    /// <summary>
    /// What <see cref="OpenRecordsAsync"/> returns as of <paramref name="instantUtc"/>, for only the records with a
    /// stage move or a change of the owner, amount or close date field in (<paramref name="changedAfterUtc"/>,
    /// <paramref name="changedUntilUtc"/>]: the only records whose state as of the window's end can differ from
    /// their state as of its start. Asked for both ends, it turns one day's open pipeline into the next day's.
    /// </summary>
    Task<IReadOnlyList<OpenRecordAsOf>> ChangedOpenRecordsAsync(ObjectDefinition obj, DateTime instantUtc,
        DateTime changedAfterUtc, DateTime changedUntilUtc, CancellationToken cancellationToken);

    /// <summary>Every move of a live record of <paramref name="obj"/> into a terminal stage in [from, to).</summary>
    Task<IReadOnlyList<TerminalMove>> TerminalMovesAsync(ObjectDefinition obj, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);

    /// <summary>The days in [from, to] whose snapshot of <paramref name="obj"/> is stored (an empty pipeline counts as stored).</summary>
    Task<IReadOnlySet<DateOnly>> SnapshotDaysAsync(string obj, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the snapshot of one day in one transaction, unless that day is stored already: then it
    /// writes nothing and returns false. Two writers of one day at once store it once.
    /// </summary>
    Task<bool> WriteSnapshotAsync(string obj, DateOnly day, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken);

    /// <summary>The stored rows of the given days.</summary>
    Task<IReadOnlyList<SnapshotRow>> SnapshotRowsAsync(string obj, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken);
}
