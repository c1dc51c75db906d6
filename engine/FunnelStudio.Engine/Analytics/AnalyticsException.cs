namespace FunnelStudio.Analytics;

/// <summary>An analytics request that cannot be answered, with a stable code the API returns.</summary>
public sealed class AnalyticsException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>The codes of <see cref="AnalyticsException"/>.</summary>
public static class AnalyticsErrors
{
    /// <summary>No such object in the published package.</summary>
    public const string UnknownObject = "ANALYTICS_UNKNOWN_OBJECT";
    /// <summary>The object has no pipeline, so it has no funnel.</summary>
    public const string NoPipeline = "ANALYTICS_NO_PIPELINE";
    /// <summary>The user may not read the object's records at all.</summary>
    public const string Forbidden = "ANALYTICS_FORBIDDEN";
    /// <summary>A filter or split names a field the object does not have or that is not a picklist.</summary>
    public const string UnknownField = "ANALYTICS_UNKNOWN_FIELD";
    /// <summary>A filter or split names a field hidden from the user.</summary>
    public const string FieldForbidden = "ANALYTICS_FIELD_FORBIDDEN";
    /// <summary>The period is empty, reversed or longer than ten years.</summary>
    public const string BadPeriod = "ANALYTICS_PERIOD";
    /// <summary>A drill-down names a stage the pipeline does not have.</summary>
    public const string UnknownStage = "ANALYTICS_UNKNOWN_STAGE";
    /// <summary>No published version has that id.</summary>
    public const string UnknownVersion = "ANALYTICS_UNKNOWN_VERSION";
    /// <summary>The query ran longer than <c>FunnelStudio:Analytics:TimeoutSeconds</c>.</summary>
    public const string Timeout = "ANALYTICS_TIMEOUT";
}
