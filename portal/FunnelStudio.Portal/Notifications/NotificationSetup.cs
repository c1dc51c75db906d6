using FunnelStudio.Notifications;
using FunnelStudio.Notifications.Email;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Portal.Notifications;

/// <summary>
/// Notifications in the portal: <c>FunnelStudio:Email</c> (SMTP; off without a Host) and
/// <c>FunnelStudio:PublicUrl</c> (absolute links in emails and webhooks), both checked at start.
/// Registered before the engine, whose defaults (added with TryAdd) then step aside. The engine
/// registers the handlers and channels, storage the inbox; the bell and the page read the inbox.
/// </summary>
public static class NotificationSetup
{
    public static IServiceCollection AddFunnelStudioNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>()
            .Bind(configuration.GetSection(EmailOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<EmailOptions>>().Value);
        // A bad address stops the start here, with the key and an example.
        services.AddSingleton(NotificationOptions.Read(configuration[NotificationOptions.PublicUrlKey]));
        return services;
    }
}

/// <summary>Refuses unusable SMTP settings at start-up, with <see cref="EmailOptions.Validate"/>'s messages.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
