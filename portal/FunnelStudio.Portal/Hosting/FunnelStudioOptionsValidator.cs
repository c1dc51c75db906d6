using System.ComponentModel.DataAnnotations;
using FunnelStudio.Storage.Users;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Hosting;

/// <summary>Refuses bad settings at start-up (ValidateOnStart) instead of at the first request.</summary>
public sealed class FunnelStudioOptionsValidator : IValidateOptions<FunnelStudioOptions>
{
    public ValidateOptionsResult Validate(string? name, FunnelStudioOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Package))
            failures.Add("FunnelStudio:Package must name a config package folder.");
        if (options.Demo.Records is < 0)
            failures.Add("FunnelStudio:Demo:Records must be 0 or more.");
        if (options.Demo.Password is { Length: > 0 and < AccountRules.MinPasswordLength })
            failures.Add($"FunnelStudio:Demo:Password must have at least {AccountRules.MinPasswordLength} characters.");
        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
            failures.Add($"FunnelStudio:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in options.ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            failures.Add($"FunnelStudio:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (like 10.0.0.0/8).");
        var admin = options.Admin;
        if (admin.IsSet)
        {
            // Both or neither: an email without a password would create nobody and say nothing.
            if (string.IsNullOrWhiteSpace(admin.Email) || !new EmailAddressAttribute().IsValid(admin.Email.Trim()))
                failures.Add("FunnelStudio:Admin:Email must be a valid email address when FunnelStudio:Admin:Password is set.");
            if (admin.Password is not { Length: >= AccountRules.MinPasswordLength })
                failures.Add($"FunnelStudio:Admin:Password must have at least {AccountRules.MinPasswordLength} characters when FunnelStudio:Admin:Email is set.");
            if (admin.DisplayName is { Length: > AccountRules.MaxDisplayNameLength })
                failures.Add($"FunnelStudio:Admin:DisplayName may have at most {AccountRules.MaxDisplayNameLength} characters.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
