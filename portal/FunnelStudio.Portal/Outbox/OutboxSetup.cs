using FunnelStudio.Outbox;

namespace FunnelStudio.Portal.Outbox;

/// <summary>
/// The outbox in the portal: the engine's dispatcher with <c>FunnelStudio:Outbox</c> settings
/// (validated at start), the background delivery, and admins' retries. Storage registers the store;
/// capabilities register their <see cref="IOutboxHandler"/>s.
/// </summary>
public static class OutboxSetup
{
    public static IServiceCollection AddFunnelStudioOutboxDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFunnelStudioOutbox();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section));
        services.AddHostedService<OutboxDelivery>();
        services.AddHostedService<OutboxPurge>();
        services.AddScoped<OutboxRetries>();
        return services;
    }
}
