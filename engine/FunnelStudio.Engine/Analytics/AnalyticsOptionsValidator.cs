using Microsoft.Extensions.Options;

namespace FunnelStudio.Analytics;

/// <summary>Refuses analytics options that would mean "no limit" or a zone this machine does not know.</summary>
public sealed class AnalyticsOptionsValidator : IValidateOptions<AnalyticsOptions>
{
    public ValidateOptionsResult Validate(string? name, AnalyticsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
            errors.Add($"{AnalyticsOptions.Section}:TimeZone '{options.TimeZone}' is not a time zone this machine knows (use an IANA id such as Asia/Shanghai).");
        if (options.StalledAfterDays is < 1 or > 3650)
            errors.Add($"{AnalyticsOptions.Section}:StalledAfterDays must be 1 to 3650 days, not {options.StalledAfterDays}.");
        if (options.TimeoutSeconds is < 1 or > 600)
            errors.Add($"{AnalyticsOptions.Section}:TimeoutSeconds must be 1 to 600, not {options.TimeoutSeconds}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
