using FunnelStudio.Saving;

namespace FunnelStudio.Reports;

/// <summary>Runs reports in the database: counts, sums and lists over an object's live records.</summary>
public interface IReportStore
{
    /// <summary>
    /// The earliest and latest value of a date column among the records the query matches (null
    /// when none has one): what date buckets must cover. Dates come back as <see cref="DateOnly"/>,
    /// instants as UTC <see cref="DateTime"/>.
    /// </summary>
    Task<(object Min, object Max)?> RangeAsync(ReportQuery query, ReportColumn column, CancellationToken cancellationToken);

    /// <summary>The grouped measures, one row per combination of group keys that has records.</summary>
    Task<IReadOnlyList<ReportStoreRow>> RunAsync(ReportQuery query, CancellationToken cancellationToken);

    /// <summary>The records the query matches (a drill-down), newest first, one page, with their total.</summary>
    Task<RecordPage> RecordsAsync(ReportQuery query, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>A run took longer than its time limit and was stopped (code <c>REPORT_TIMEOUT</c>).</summary>
public sealed class ReportTimeoutException(TimeSpan limit, Exception? inner = null)
    : Exception($"The report took longer than its limit of {limit.TotalSeconds:0.###} s and was stopped; narrow its filters or period.", inner)
{
    public string Code => ReportCodes.Timeout;
    public TimeSpan Limit => limit;
}
