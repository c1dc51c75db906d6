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
        if (options.Demo.Deals is < 0 or > 100_000)
            failures.Add("FunnelStudio:Demo:Deals must be between 0 and 100000.");
        if (options.Demo.Password is { Length: > 0 and < 8 })
            failures.Add("FunnelStudio:Demo:Password must have at least 8 characters.");
        foreach (var proxy in options.ForwardedHeaders.KnownProxies.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
            failures.Add($"FunnelStudio:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
        foreach (var network in options.ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            failures.Add($"FunnelStudio:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (like 10.0.0.0/8).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
