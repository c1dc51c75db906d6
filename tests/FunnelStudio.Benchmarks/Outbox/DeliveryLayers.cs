using FunnelStudio.Benchmarks.Load;
using FunnelStudio.Outbox;
using FunnelStudio.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Benchmarks.Outbox;

/// <summary>
/// <c>--outbox --layers</c>: where a delivery's cost lies, by taking the outbox apart. The same messages go to the same
/// sink at the same concurrency, with no database: through the <see cref="WebhookHandler"/> alone (payload, signing, the
/// resilient client), then through <see cref="OutboxDispatcher.DeliverAsync"/> (a scope, the handler made for the kind,
/// the timeouts). Beside the bare loop and the whole outbox, the differences are each layer's price.
/// </summary>
internal static class DeliveryLayers
{
    public static Task<Result> HandlerAsync(DeliveryInstance instance, CountingSink sink, OutboxMessage[] messages, int concurrency, CpuMeter cpu)
    {
        var handler = instance.Services.GetServices<IOutboxHandler>().OfType<WebhookHandler>().Single();
        return LoopAsync(sink, messages, concurrency, cpu, item => handler.HandleAsync(item, CancellationToken.None));
    }

    public static Task<Result> DispatcherAsync(DeliveryInstance instance, CountingSink sink, OutboxMessage[] messages, int concurrency, CpuMeter cpu)
    {
        var dispatcher = instance.Services.GetRequiredService<OutboxDispatcher>();
        var settings = instance.Services.GetRequiredService<IOptions<OutboxOptions>>().Value;
        return LoopAsync(sink, messages, concurrency, cpu, async item =>
        {
            if (await dispatcher.DeliverAsync(item, settings, CancellationToken.None) != OutboxDispatcher.Outcome.Handled)
                throw new InvalidOperationException($"Message {item.Id} was not delivered.");
        });
    }

    private static Task<Result> LoopAsync(CountingSink sink, OutboxMessage[] messages, int concurrency, CpuMeter cpu, Func<OutboxItem, Task> deliver)
    {
        var items = messages.Select((m, i) => new OutboxItem(i + 1, m.Kind, m.Payload, OutboxStatus.Pending) { Attempts = 1 }).ToArray();
        return BareLoop.LoopAsync(sink, items.Length, concurrency, cpu, n => deliver(items[n]));
    }
}
