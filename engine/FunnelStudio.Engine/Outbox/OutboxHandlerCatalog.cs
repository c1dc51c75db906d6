using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Outbox;

/// <summary>The service registrations the <see cref="OutboxHandlerCatalog"/> reads its handlers from (complete once the provider is built).</summary>
public sealed class OutboxHandlerRegistrations(IServiceCollection services)
{
    internal IReadOnlyList<ServiceDescriptor> Handlers() =>
        services.Where(d => d.ServiceType == typeof(IOutboxHandler) && !d.IsKeyedService).ToList();
}

/// <summary>
/// Which registered <see cref="IOutboxHandler"/> delivers which kind, learned once, so that a message builds only
/// its own handler. Resolving every handler for every message (<c>GetServices</c>) built all six and their
/// services — the script hooks' save pipeline among them — for each webhook post: about a fifth of the
/// delivery's CPU. Handlers are still registered the usual way (<c>services.AddScoped&lt;IOutboxHandler, MyHandler&gt;()</c>)
/// and keep their lifetime: a singleton is the provider's one instance; a scoped or transient one is made in the
/// message's scope, from its registration's type or factory, and disposed with the attempt.
/// </summary>
public sealed class OutboxHandlerCatalog(OutboxHandlerRegistrations registrations, IServiceScopeFactory scopes)
{
    private readonly Lazy<Dictionary<string, Maker>> _byKind =
        new(() => Build(registrations, scopes), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>How one kind's handler is had; <paramref name="Owned"/>: made for the attempt, which disposes it.</summary>
    private sealed record Maker(Func<IServiceProvider, IOutboxHandler> Make, bool Owned)
    {
        /// <summary>The one instance, for a singleton.</summary>
        public IOutboxHandler? Singleton { get; init; }
    }

    /// <summary>The kinds there are handlers for. Throws for a blank kind or two handlers of one kind (see <see cref="OutboxDispatcher.CheckHandlers"/>).</summary>
    public IReadOnlyCollection<string> Kinds => _byKind.Value.Keys;

    /// <summary>
    /// The handler of <paramref name="kind"/>, made in <paramref name="scope"/> (null when no handler delivers it), and
    /// whether the caller owns it — made for this attempt, so the caller disposes it; a singleton is not.
    /// </summary>
    public (IOutboxHandler Handler, bool Owned)? Create(IServiceProvider scope, string kind) =>
        _byKind.Value.TryGetValue(kind, out var maker) ? (maker.Make(scope), maker.Owned) : null;

    /// <summary>
    /// The handler of <paramref name="kind"/> when it is a singleton — it needs no scope (the webhook handler: making and
    /// disposing a scope per post was a measurable part of a delivery); null for a scoped or transient one, or none.
    /// </summary>
    public IOutboxHandler? Shared(string kind) => _byKind.Value.TryGetValue(kind, out var maker) ? maker.Singleton : null;

    private static Dictionary<string, Maker> Build(OutboxHandlerRegistrations registrations, IServiceScopeFactory scopes)
    {
        var descriptors = registrations.Handlers();
        // Async: a handler may be IAsyncDisposable only. Once per provider, at start, so waiting here is harmless.
        var scope = scopes.CreateAsyncScope();
        try
        {
            // Registration order is the order GetServices gives them in: one instance of each tells its kind.
            var handlers = scope.ServiceProvider.GetServices<IOutboxHandler>().ToList();
            if (handlers.Count != descriptors.Count)
                throw new InvalidOperationException($"{handlers.Count} outbox handlers resolve from {descriptors.Count} registrations.");
            if (handlers.Any(h => string.IsNullOrWhiteSpace(h.Kind)))
                throw new InvalidOperationException("An outbox handler has a blank Kind.");
            if (handlers.GroupBy(h => h.Kind, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                throw new InvalidOperationException($"{twice.Count()} outbox handlers are registered for kind '{twice.Key}': keep one.");
            return handlers.Select((handler, i) => (handler.Kind, Maker: MakerOf(descriptors[i], handler)))
                .ToDictionary(h => h.Kind, h => h.Maker, StringComparer.Ordinal);
        }
        finally
        {
            scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static Maker MakerOf(ServiceDescriptor descriptor, IOutboxHandler sample)
    {
        // A singleton (by type, factory or instance) is the provider's one instance: the sample is it.
        if (descriptor.Lifetime == ServiceLifetime.Singleton) return new(_ => sample, Owned: false) { Singleton = sample };
        if (descriptor.ImplementationFactory is { } factory) return new(provider => (IOutboxHandler)factory(provider), Owned: true);
        var type = descriptor.ImplementationType
            ?? throw new InvalidOperationException($"The outbox handler registration for '{sample.Kind}' has no type or factory.");
        var activate = ActivatorUtilities.CreateFactory(type, Type.EmptyTypes);
        return new(provider => (IOutboxHandler)activate(provider, null), Owned: true);
    }
}
