using System.Text.Json;
using FunnelStudio.Outbox;

namespace FunnelStudio.Notifications;

/// <summary>
/// A notification to send: <see cref="Template"/> (<c>templates/&lt;name&gt;.sbn</c>) rendered for
/// each recipient about one record, delivered on every channel that reaches them (in-app, email,
/// webhook). Written to the outbox in the transaction of whatever caused it (a save, a decision),
/// so it is sent exactly when that commits.
/// </summary>
/// <param name="Template">The template's name.</param>
/// <param name="Event">What happened, e.g. <c>approval.requested</c>, <c>approval.decided</c>, <c>approval.escalated</c>, <c>stage.changed</c>.</param>
/// <param name="Recipients">User ids, already resolved from the parties.</param>
public sealed record NotificationRequest(string Template, string Event, IReadOnlyList<string> Recipients)
{
    public string? Object { get; init; }
    public Guid? RecordId { get; init; }
    /// <summary>
    /// Event values the template reads beside the record (e.g. <c>approval.flow</c>, <c>approval.step</c>,
    /// <c>approval.decision</c>, <c>approval.comment</c>, <c>approval.submitted_by</c>): plain text only.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();
    /// <summary>A path inside the portal the notification links to (e.g. <c>/approvals/{id}</c>).</summary>
    public string? Link { get; init; }

    /// <summary>The outbox kind the notification handler delivers.</summary>
    public const string Kind = "notify";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public OutboxMessage ToMessage() => new(Kind, JsonSerializer.Serialize(this, Json))
    {
        RecordId = RecordId,
        Description = $"{Event}: {Template} → {Recipients.Count} recipient(s)",
    };

    public static NotificationRequest? FromPayload(string payload) => JsonSerializer.Deserialize<NotificationRequest>(payload, Json);
}
