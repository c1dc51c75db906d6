using FunnelStudio.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Engine.Tests.Outbox;

/// <summary>A message makes only its own kind's handler, with the lifetime its registration gives it.</summary>
public sealed class OutboxHandlerCatalogTests
{
    /// <summary>Counts how often each kind's handler is made, per test (an instance of its own).</summary>
    private sealed class Made
    {
        public readonly Dictionary<string, int> Count = new();

        public void One(string kind) => Count[kind] = Count.GetValueOrDefault(kind) + 1;
    }

    private sealed class ScopedHandler : IOutboxHandler
    {
        public ScopedHandler(Made made) => made.One(Kind);
        public string Kind => "scoped";
        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class HeavyHandler : IOutboxHandler
    {
        public HeavyHandler(Made made) => made.One(Kind);
        public string Kind => "heavy";
        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class SingletonHandler(string kind) : IOutboxHandler
    {
        public string Kind => kind;
        public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static (OutboxHandlerCatalog Catalog, ServiceProvider Provider, Made Made) Build(Action<IServiceCollection> register)
    {
        var made = new Made();
        var services = new ServiceCollection().AddSingleton(made);
        register(services);
        var provider = services.BuildServiceProvider();
        return (new OutboxHandlerCatalog(new OutboxHandlerRegistrations(services), provider.GetRequiredService<IServiceScopeFactory>()), provider, made);
    }

    [Fact]
    public void AMessage_MakesOnlyItsKindsHandler_ScopedOnesOwnedByTheAttempt_TheSingletonShared()
    {
        var single = new SingletonHandler("single");
        var (catalog, provider, made) = Build(s => s
            .AddScoped<IOutboxHandler, ScopedHandler>()
            .AddScoped<IOutboxHandler, HeavyHandler>()
            .AddSingleton<IOutboxHandler>(single)
            .AddTransient<IOutboxHandler>(sp => new SingletonHandler("by-factory")));
        Assert.Equal(["scoped", "heavy", "single", "by-factory"], catalog.Kinds);
        var learned = new Dictionary<string, int>(made.Count); // one of each, to learn the kinds

        using var scope = provider.CreateScope();
        for (var i = 0; i < 3; i++)
        {
            var (handler, owned) = catalog.Create(scope.ServiceProvider, "scoped")!.Value;
            Assert.IsType<ScopedHandler>(handler);
            Assert.True(owned);
        }
        Assert.Equal(learned["scoped"] + 3, made.Count["scoped"]);
        Assert.Equal(learned["heavy"], made.Count["heavy"]); // never made for another kind's message

        var (first, firstOwned) = catalog.Create(scope.ServiceProvider, "single")!.Value;
        Assert.Same(single, first);
        Assert.False(firstOwned);
        var (fromFactory, factoryOwned) = catalog.Create(scope.ServiceProvider, "by-factory")!.Value;
        Assert.Equal("by-factory", fromFactory.Kind);
        Assert.True(factoryOwned);
        Assert.Null(catalog.Create(scope.ServiceProvider, "nobody"));
    }

    [Fact]
    public void TwoHandlersOfOneKind_OrABlankKind_AreRefused()
    {
        var (twice, _, _) = Build(s => s.AddSingleton<IOutboxHandler>(new SingletonHandler("a")).AddSingleton<IOutboxHandler>(new SingletonHandler("a")));
        Assert.Contains("'a'", Assert.Throws<InvalidOperationException>(() => twice.Kinds).Message);

        var (blank, _, _) = Build(s => s.AddSingleton<IOutboxHandler>(new SingletonHandler(" ")));
        Assert.Contains("blank", Assert.Throws<InvalidOperationException>(() => blank.Kinds).Message);
    }
}
