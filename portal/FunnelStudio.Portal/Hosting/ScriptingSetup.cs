using FunnelStudio.Scripting;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// <c>FunnelStudio:Scripting</c> (and <c>FunnelStudio:Webhooks</c>): the sandbox's limits, bound from configuration and checked at start
/// (a limit of 0 or an "unlimited" value stops the portal with the reason). Registered before the
/// engine, whose default <see cref="ScriptingOptions"/> (added with TryAdd) then steps aside.
/// </summary>
public static class ScriptingSetup
{
    public static IServiceCollection AddFunnelStudioScripting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScriptingOptions>()
            .Bind(configuration.GetSection(ScriptingOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScriptingOptions>, ScriptingOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ScriptingOptions>>().Value);
        // FunnelStudio:Webhooks (private networks refused unless allowed; delivery timeout), checked at start too.
        services.AddOptions<Webhooks.WebhookOptions>()
            .Bind(configuration.GetSection(Webhooks.WebhookOptions.Section))
            .Validate(o => o.Validate().Count == 0, $"{Webhooks.WebhookOptions.Section}:TimeoutSeconds must be between 1 and 120.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<Webhooks.WebhookOptions>>().Value);
        return services;
    }
}

/// <summary>Refuses unusable script limits at start-up, with <see cref="ScriptingOptions.Validate"/>'s messages.</summary>
public sealed class ScriptingOptionsValidator : IValidateOptions<ScriptingOptions>
{
    public ValidateOptionsResult Validate(string? name, ScriptingOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
