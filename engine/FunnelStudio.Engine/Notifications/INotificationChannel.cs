namespace FunnelStudio.Notifications;

/// <summary>
/// A way a rendered notification reaches a person besides the in-app inbox (email …). The notify
/// handler asks each channel whether it reaches a recipient and, for each that does, writes one
/// <see cref="ChannelDelivery"/> outbox message with the recipient's in-app row: one message per
/// recipient per channel, so a failure retries that delivery alone. Register with
/// <c>services.AddSingleton&lt;INotificationChannel, MyChannel&gt;()</c>.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The channel's name, stored in its deliveries (e.g. <c>email</c>).</summary>
    string Name { get; }

    /// <summary>Whether the channel is on and can reach <paramref name="recipient"/> (e.g. has an email address).</summary>
    bool Reaches(Access.DirectoryUser recipient);

    /// <summary>Sends one delivery; throwing means "not sent": the outbox tries again later.</summary>
    Task SendAsync(ChannelDelivery delivery, CancellationToken cancellationToken);
}
