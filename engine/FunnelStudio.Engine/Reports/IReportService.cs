using FunnelStudio.Saving;

namespace FunnelStudio.Reports;

/// <summary>
/// Reports for a user: validated against what they may read, run over the records they may read
/// (the owner filter of every list), and drilled down to the records of one cell.
/// </summary>
public interface IReportService
{
    /// <summary>Every problem of <paramref name="report"/> for <paramref name="user"/>; empty when it may run.</summary>
    IReadOnlyList<ReportProblem> Validate(ReportDefinition report, ActingUser user);

    /// <summary>
    /// True when <paramref name="user"/> may build and share reports on <paramref name="obj"/> (null:
    /// on some object): an admin, or a holder of a role that reads the object's records beyond their
    /// own (scope <c>team</c> or <c>all</c>) — the package, not a role's name, says who manages.
    /// </summary>
    bool CanBuild(ActingUser user, string? obj = null);

    /// <summary>Runs a report; problems instead of a result when it is not valid for the user. Throws <see cref="ReportTimeoutException"/>.</summary>
    Task<ReportRun> RunAsync(ReportDefinition report, ActingUser user, TimeZoneInfo zone, CancellationToken cancellationToken);

    /// <summary>
    /// The records of one cell of the report's result (<see cref="ReportResultRow.Cell"/>): the same
    /// filters plus that cell's group values, so the total equals the cell's count.
    /// </summary>
    Task<ReportRecords> RecordsAsync(ReportDefinition report, string? cell, ActingUser user, TimeZoneInfo zone, int page, int pageSize,
        CancellationToken cancellationToken);
}

/// <summary>A run: its problems (then no result) or its result.</summary>
public sealed record ReportRun(IReadOnlyList<ReportProblem> Problems, ReportResult? Result)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>A drill-down: problems, or a page of records (without the fields the user may not read).</summary>
public sealed record ReportRecords(IReadOnlyList<ReportProblem> Problems, RecordPage? Page);
