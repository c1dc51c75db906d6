using FunnelStudio.Outbox;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunnelStudio.Storage.Tests.Outbox;

/// <summary>A clock the test moves by hand (what is due, backoff); timers are not affected.</summary>
public sealed class ManualClock : TimeProvider
{
    // Whole milliseconds: both databases give the times back exactly.
    private DateTimeOffset _now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public override DateTimeOffset GetUtcNow() => _now;

    public DateTime UtcNow => _now.UtcDateTime;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A handler whose behaviour the test sets; it counts what it was given.</summary>
public sealed class TestHandler(string kind, Func<OutboxItem, CancellationToken, Task> handle) : IOutboxHandler
{
    public string Kind => kind;

    public List<OutboxItem> Seen { get; } = [];

    public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        lock (Seen) Seen.Add(item);
        return handle(item, cancellationToken);
    }
}

/// <summary>Outbox stores and dispatchers on a test database, with a clock of the test's own.</summary>
public static class OutboxKit
{
    public static EfOutboxStore Store(StorageDatabase database, TimeProvider clock) => new(
        database.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>(),
        database.Services.GetRequiredService<FunnelStudioStorageOptions>(), clock);

    /// <summary>A dispatcher over <paramref name="store"/> with these handlers (singletons) and options.</summary>
    public static OutboxDispatcher Dispatcher(IOutboxStore store, TimeProvider clock, OutboxOptions options, params IOutboxHandler[] handlers) =>
        Dispatcher(store, clock, options, services =>
        {
            foreach (var handler in handlers) services.AddSingleton(handler);
        });

    /// <summary>A dispatcher over <paramref name="store"/> with the handlers <paramref name="register"/> registers, as a capability would.</summary>
    public static OutboxDispatcher Dispatcher(IOutboxStore store, TimeProvider clock, OutboxOptions options, Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        var provider = services.BuildServiceProvider();
        var scopes = provider.GetRequiredService<IServiceScopeFactory>();
        return new OutboxDispatcher(store, scopes, new OutboxHandlerCatalog(new OutboxHandlerRegistrations(services), scopes),
            Microsoft.Extensions.Options.Options.Create(options), clock, NullLogger<OutboxDispatcher>.Instance);
    }

    public static OutboxMessage Message(string kind, string payload = "{\"n\":1}", Guid? record = null, string? description = null) =>
        new(kind, payload) { RecordId = record, Description = description };

    /// <summary>Empties the outbox: tests in one class share a database, and claims take any due message.</summary>
    public static async Task ClearAsync(StorageDatabase database)
    {
        await using var db = database.CreateContext();
        await db.Outbox.ExecuteDeleteAsync();
    }

    /// <summary>The messages about <paramref name="record"/>, oldest first.</summary>
    public static async Task<List<OutboxItem>> OfAsync(IOutboxStore store, Guid record) =>
        (await store.ListAsync(null, record, 100, CancellationToken.None)).OrderBy(i => i.Id).ToList();
}
