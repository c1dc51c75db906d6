namespace FunnelStudio.Storage.Entities;

/// <summary>
/// An <c>Idempotency-Key</c> a client sent with a create, stored in the create's transaction with
/// the record it made: a retry with the same key gets that record instead of a second one.
/// Kept 24 hours.
/// </summary>
public sealed class IdempotencyKeyRow
{
    public string UserId { get; set; } = "";
    public string Key { get; set; } = "";
    /// <summary>A hash of the request (method, path, body): the same key with another request is refused.</summary>
    public string RequestHash { get; set; } = "";
    public string Object { get; set; } = "";
    public Guid RecordId { get; set; }
    public DateTime CreatedAt { get; set; }
}
