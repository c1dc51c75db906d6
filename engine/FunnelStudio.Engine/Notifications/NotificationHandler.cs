using FunnelStudio.Access;
using FunnelStudio.Outbox;
using FunnelStudio.Saving;
using FunnelStudio.Templates;

namespace FunnelStudio.Notifications;

/// <summary>
/// Delivers <c>notify</c> messages (<see cref="NotificationRequest"/>): loads the record as the
/// system, renders the template once per active recipient with what that recipient may read
/// (<see cref="NotificationModel"/>), and stores the in-app notification together with one
/// <see cref="ChannelDelivery"/> per other channel that reaches the recipient — in one transaction
/// per recipient, skipped when it is already there, so a redelivery sends nothing twice.
/// A template error throws: the message is retried and ends as a dead letter admins see.
/// </summary>
public sealed class NotificationHandler(
    IPackageRuntime runtime,
    IRecordStore records,
    IUserDirectory directory,
    ITemplateRenderer renderer,
    INotificationStore store,
    IEnumerable<INotificationChannel> channels,
    NotificationOptions options,
    TimeProvider clock) : IOutboxHandler
{
    public string Kind => NotificationRequest.Kind;

    public async Task HandleAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var request = NotificationRequest.FromPayload(item.Payload) ?? throw new InvalidOperationException("The notification has no payload.");
        // Taken as a sequence so a host without templates still delivers every other kind of message.
        var package = runtime.Current;
        var obj = request.Object is { } name ? package.Object(name)?.Definition : null;
        var record = obj is not null && request.RecordId is { } id ? await records.FindAsync(obj.Name, id, cancellationToken) : null;
        if (record is { Deleted: true }) record = null;
        var users = await directory.AllAsync(cancellationToken);
        var byId = users.ToDictionary(u => u.Id, StringComparer.Ordinal);
        var link = options.Absolute(request.Link);
        var now = clock.GetUtcNow().UtcDateTime;

        foreach (var recipientId in request.Recipients.Distinct(StringComparer.Ordinal))
        {
            // Deactivated since the message was written, or gone: nobody to tell.
            if (!byId.TryGetValue(recipientId, out var recipient) || !recipient.Active) continue;
            var model = NotificationModel.For(package, obj, record, recipient, users, request, link);
            var result = renderer.Render(package, request.Template, model);
            if (!result.Succeeded)
                throw new InvalidOperationException($"Template '{request.Template}' could not be rendered: {result.Error}");
            var rendered = RenderedNotification.Split(result.Output ?? "");
            var notification = new InAppNotification(recipient.Id, request.Event, rendered.Title, rendered.Body)
            {
                Link = request.Link,
                RecordId = request.RecordId,
                OutboxId = item.Id,
                CreatedAt = now,
            };
            var followUps = channels.Where(c => c.Reaches(recipient))
                .Select(c => new ChannelDelivery(c.Name, recipient.Id, recipient.Name, recipient.Email, rendered.Title, rendered.Body)
                {
                    Event = request.Event,
                    Link = link,
                    RecordId = request.RecordId,
                }.ToMessage())
                .ToList();
            await store.AddAsync(notification, followUps, cancellationToken);
        }
    }
}
