using System.Text.Json;
using FunnelStudio.Outbox;

namespace FunnelStudio.Notifications;

/// <summary>
/// One rendered notification for one recipient on one <see cref="INotificationChannel"/>: the
/// payload of a <c>notify.channel</c> outbox message, with everything the channel needs (it may run
/// on another instance, after the user changed their address: the address it was rendered for is kept).
/// </summary>
public sealed record ChannelDelivery(string Channel, string UserId, string? UserName, string? Address, string Title, string Body)
{
    public string Event { get; init; } = "";
    public string? Link { get; init; }
    public Guid? RecordId { get; init; }

    /// <summary>The outbox kind <see cref="ChannelDeliveryHandler"/> delivers.</summary>
    public const string Kind = "notify.channel";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public OutboxMessage ToMessage() => new(Kind, JsonSerializer.Serialize(this, Json))
    {
        RecordId = RecordId,
        Description = $"{Channel} → {UserId}: {Event}",
    };

    public static ChannelDelivery? FromPayload(string payload) => JsonSerializer.Deserialize<ChannelDelivery>(payload, Json);
}
