namespace FunnelStudio.Outbox;

/// <summary>What one <see cref="OutboxDispatcher.DispatchAsync"/> did with the messages it claimed.</summary>
/// <param name="Claimed">Messages claimed (0 also when the claim itself failed).</param>
/// <param name="Delivered">Handled and marked done.</param>
/// <param name="Retrying">Failed, pending again after their backoff.</param>
/// <param name="Dead">Failed for the last time, or of a kind no handler delivers.</param>
/// <param name="Unsettled">Outcome not recorded (shutting down, or the database failed meanwhile): claimed again once the lease runs out.</param>
public sealed record OutboxBatch(int Claimed, int Delivered, int Retrying, int Dead, int Unsettled)
{
    public static readonly OutboxBatch None = new(0, 0, 0, 0, 0);
}
