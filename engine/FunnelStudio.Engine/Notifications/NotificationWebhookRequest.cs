using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Outbox;

namespace FunnelStudio.Notifications;

/// <summary>
/// A rule's notification posted to its webhook: the <c>notify.webhook</c> outbox message, one per
/// rule and save (so a retry posts only this one again). Rendered when delivered, like the in-app
/// and email channels.
/// </summary>
public sealed record NotificationWebhookRequest(NotificationRequest Notification, NotificationWebhook Webhook)
{
    public const string Kind = "notify.webhook";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public OutboxMessage ToMessage() => new(Kind, JsonSerializer.Serialize(this, Json))
    {
        RecordId = Notification.RecordId,
        Description = $"{Notification.Event}: {Notification.Template} → {Webhook.Format} {new Uri(Webhook.Url).GetLeftPart(UriPartial.Path)}",
    };

    public static NotificationWebhookRequest? FromPayload(string payload) => JsonSerializer.Deserialize<NotificationWebhookRequest>(payload, Json);
}
