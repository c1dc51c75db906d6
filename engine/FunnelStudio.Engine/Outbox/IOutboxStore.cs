namespace FunnelStudio.Outbox;

/// <summary>
/// The <c>outbox</c> table. Messages of a save are written by the record store in the save's
/// transaction; this store claims due ones for delivery and records the outcome. A claim is a lease:
/// on PostgreSQL rows are taken with <c>FOR UPDATE SKIP LOCKED</c>, so two instances never claim the
/// same message, and a claim whose instance died is taken again once its lease ran out.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Writes messages on their own (not part of a save), e.g. a side effect of a side effect.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Claims up to <paramref name="max"/> due pending messages for <paramref name="lease"/>, counting the attempt.</summary>
    Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the messages delivered, all in one statement (a batch's delivered messages together); ones no
    /// longer pending (an admin retried them meanwhile) stay as they are. Returns how many were marked.
    /// </summary>
    Task<int> CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="delivered"/> done as <see cref="CompleteAsync"/> does, then claims as <see cref="ClaimAsync"/>
    /// does: the pump's claims carry what it delivered since the last one. A store that can sends both in one round trip.
    /// When it throws, neither may have happened.
    /// </summary>
    async Task<IReadOnlyList<OutboxItem>> CompleteAndClaimAsync(IReadOnlyCollection<long> delivered, int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        if (delivered.Count > 0) await CompleteAsync(delivered, cancellationToken);
        return await ClaimAsync(max, lease, cancellationToken);
    }

    /// <summary>
    /// Gives back claimed messages that were never handed to a handler: their lease ends and the attempt the claim
    /// counted is taken back, so they are due again at once. Ones no longer pending stay as they are.
    /// </summary>
    Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt: pending again at <paramref name="retryAt"/>, or dead when it is null.</summary>
    Task FailAsync(long id, string error, DateTime? retryAt, CancellationToken cancellationToken);

    /// <summary>An admin's manual retry of a dead (or pending) message: due now, attempts counted from zero.</summary>
    Task<bool> RetryAsync(long id, CancellationToken cancellationToken);

    /// <summary>Newest first; <paramref name="status"/> null for all.</summary>
    Task<IReadOnlyList<OutboxItem>> ListAsync(OutboxStatus? status, Guid? recordId, int limit, CancellationToken cancellationToken);

    Task<OutboxItem?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Deletes messages delivered before <paramref name="before"/>; returns how many. Pending and dead ones stay.</summary>
    Task<int> PurgeDeliveredAsync(DateTime before, CancellationToken cancellationToken);
}
