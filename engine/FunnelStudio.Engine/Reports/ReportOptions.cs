namespace FunnelStudio.Reports;

/// <summary>Limits of report runs (<c>FunnelStudio:Reports:*</c>, checked at start by the host).</summary>
public sealed record ReportOptions
{
    public const string TimeoutKey = "FunnelStudio:Reports:TimeoutSeconds";
    public const int DefaultTimeoutSeconds = 10;
    public const int MaxTimeoutSeconds = 600;

    /// <summary>The longest one run (or drill-down) may take before it is stopped with <c>REPORT_TIMEOUT</c>.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    /// <summary>Reads the options; a bad setting throws at start with the key and what is allowed.</summary>
    public static ReportOptions Read(Func<string, string?> setting)
    {
        var text = setting(TimeoutKey);
        if (string.IsNullOrWhiteSpace(text)) return new ReportOptions();
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 1 and <= MaxTimeoutSeconds
            ? new ReportOptions { Timeout = TimeSpan.FromSeconds(seconds) }
            : throw new InvalidOperationException($"{TimeoutKey} is '{text}': use a whole number of seconds from 1 to {MaxTimeoutSeconds}.");
    }
}
