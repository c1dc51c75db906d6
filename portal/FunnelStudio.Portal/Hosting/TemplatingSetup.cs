using FunnelStudio.Templates;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Hosting;

/// <summary>
/// <c>FunnelStudio:Templating</c>: the template sandbox's limits, bound from configuration and checked
/// at start (0, negative or absurd values stop the portal with the reason), and the document printer.
/// Registered before the engine, whose default <see cref="TemplatingOptions"/> (added with TryAdd) then steps aside.
/// </summary>
public static class TemplatingSetup
{
    public static IServiceCollection AddFunnelStudioTemplating(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TemplatingOptions>()
            .Bind(configuration.GetSection(TemplatingOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TemplatingOptions>, TemplatingOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TemplatingOptions>>().Value);
        services.AddScoped<Documents.DocumentPrinter>();
        return services;
    }
}

/// <summary>Refuses unusable template limits at start-up, with <see cref="TemplatingOptions.Validate"/>'s messages.</summary>
public sealed class TemplatingOptionsValidator : IValidateOptions<TemplatingOptions>
{
    public ValidateOptionsResult Validate(string? name, TemplatingOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
