using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Outbox;

/// <summary>Registers the outbox's delivery: <see cref="OutboxDispatcher"/> and its validated options.</summary>
public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The dispatcher and the pump (singletons; the pump needs the <see cref="IOutboxSignal"/> storage registers) and <see cref="OutboxOptions"/>, checked at start by
    /// <see cref="OutboxOptionsValidator"/>. The host binds the options (<see cref="OutboxOptions.Section"/>)
    /// and runs the dispatcher; storage registers the <see cref="IOutboxStore"/>; each capability
    /// registers its <see cref="IOutboxHandler"/>s (<c>services.AddScoped&lt;IOutboxHandler, MyHandler&gt;()</c>).
    /// </summary>
    public static IServiceCollection AddFunnelStudioOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<OutboxOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>());
        services.TryAddSingleton(new OutboxHandlerRegistrations(services));
        services.TryAddSingleton<OutboxHandlerCatalog>();
        services.TryAddSingleton<OutboxDispatcher>();
        services.TryAddSingleton<OutboxPump>();
        return services;
    }
}
