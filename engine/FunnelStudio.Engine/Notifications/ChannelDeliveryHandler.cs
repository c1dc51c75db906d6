using FunnelStudio.Outbox;

namespace FunnelStudio.Notifications;

/// <summary>
/// Delivers <c>notify.channel</c> messages: hands each to the <see cref="INotificationChannel"/> it
/// names. A channel that is not registered (any more) fails the message, which the outbox retries
/// and finally shows as a dead letter.
/// </summary>
public sealed class ChannelDeliveryHandler(IEnumerable<INotificationChannel> channels) : IOutboxHandler
{
    public string Kind => ChannelDelivery.Kind;

    public Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var delivery = ChannelDelivery.FromPayload(item.Payload) ?? throw new InvalidOperationException("The channel delivery has no payload.");
        var channel = channels.FirstOrDefault(c => c.Name == delivery.Channel)
            ?? throw new InvalidOperationException($"No notification channel '{delivery.Channel}' is registered.");
        return channel.SendAsync(delivery, cancellationToken);
    }
}
