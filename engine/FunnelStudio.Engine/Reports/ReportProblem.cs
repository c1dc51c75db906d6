namespace FunnelStudio.Reports;

/// <summary>One thing wrong with a report definition: a stable code, where (a JSON path) and what.</summary>
public sealed record ReportProblem(string Code, string Path, string Message);

/// <summary>The stable codes of <see cref="ReportProblem"/> and of report faults.</summary>
public static class ReportCodes
{
    public const string Required = "REPORT_REQUIRED";
    public const string UnknownObject = "REPORT_UNKNOWN_OBJECT";
    public const string UnknownField = "REPORT_UNKNOWN_FIELD";
    public const string FieldForbidden = "REPORT_FIELD_FORBIDDEN";
    public const string MeasureType = "REPORT_MEASURE_TYPE";
    public const string TooManyGroups = "REPORT_TOO_MANY_GROUPS";
    public const string GroupType = "REPORT_GROUP_TYPE";
    public const string Operator = "REPORT_OPERATOR";
    public const string Value = "REPORT_VALUE";
    public const string PeriodTooLong = "REPORT_PERIOD_TOO_LONG";
    public const string TooManyBuckets = "REPORT_TOO_MANY_BUCKETS";
    public const string Display = "REPORT_DISPLAY";
    public const string Match = "REPORT_MATCH";
    public const string UnknownRole = "REPORT_UNKNOWN_ROLE";
    public const string Timeout = "REPORT_TIMEOUT";
}
