using Microsoft.Extensions.Options;

namespace FunnelStudio.Analytics;

/// <summary>
/// Settings shared by every analytics figure (<c>FunnelStudio:Analytics</c>), checked at start by
/// <see cref="AnalyticsOptionsValidator"/>.
/// </summary>
public sealed class AnalyticsOptions
{
    public const string Section = "FunnelStudio:Analytics";

    /// <summary>
    /// The IANA time zone whose calendar days, weeks and months every analytics figure counts in
    /// (default <c>UTC</c>): a day starts at 00:00 in this zone.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>The zone named by <see cref="TimeZone"/> (valid once the options passed validation).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>Refuses a time zone the system does not know, at start rather than on the first chart.</summary>
public sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options) =>
        !string.IsNullOrWhiteSpace(options.TimeZone) && TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{AnalyticsOptions.Section}:{nameof(AnalyticsOptions.TimeZone)} is '{options.TimeZone}': use an IANA time zone id such as UTC or Asia/Shanghai.");
}
