namespace FunnelStudio.Saving;

/// <summary>
/// Persistence for records, implemented by FunnelStudio.Storage (SQLite, PostgreSQL). The engine
/// decides; the store only reads and writes. <see cref="PersistAsync"/> writes the record, its field
/// history and stage history in one transaction, or nothing.
/// </summary>
public interface IRecordStore
{
    Task<StoredRecord?> FindAsync(string obj, Guid id, CancellationToken cancellationToken);

    Task<RecordPage> QueryAsync(RecordQuery query, CancellationToken cancellationToken);

    /// <summary>The titles of the live records among <paramref name="ids"/> (a missing or deleted one is left out).</summary>
    Task<IReadOnlyDictionary<Guid, string?>> TitlesAsync(string obj, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <summary>
    /// Counts and the sum of <see cref="StoredRecord.Amount"/> per stage plus the first
    /// <paramref name="cardsPerStage"/> cards of each.
    /// </summary>
    Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, IReadOnlyList<string> stages,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage, CancellationToken cancellationToken);

    /// <summary>
    /// Sets every stored <see cref="StoredRecord.Amount"/> of <paramref name="obj"/> from the value
    /// of <paramref name="amountField"/> (null: no amount), after a publish that may have changed it.
    /// </summary>
    Task RefreshAmountsAsync(string obj, string? amountField, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or updates the record with its history rows in one transaction. For an update,
    /// <see cref="PersistRequest.ExpectedVersion"/> must match the stored version, else
    /// <see cref="ConcurrencyConflictException"/> is thrown and nothing is written. When the store
    /// cannot take the save (<see cref="StoreOverloadedException"/>) or cannot reach the database to
    /// store it or to find out whether it was stored (<see cref="DatabaseUnavailableException"/>), it
    /// says so with a <see cref="StoreUnavailableException"/>, never with a bare connection error.
    /// </summary>
    Task<StoredRecord> PersistAsync(PersistRequest request, CancellationToken cancellationToken);

    /// <summary>The next value of an autonumber counter (object + field), never repeated.</summary>
    Task<long> NextNumberAsync(string obj, string field, CancellationToken cancellationToken);

    Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(Guid recordId, CancellationToken cancellationToken);

    Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(Guid recordId, CancellationToken cancellationToken);
}

/// <summary>What one save writes: the record (new state) and the history rows.</summary>
public sealed record PersistRequest(StoredRecord Record, bool IsNew, long? ExpectedVersion,
    IReadOnlyList<FieldHistoryEntry> FieldHistory, StageHistoryEntry? StageChange)
{
    /// <summary>
    /// The client's idempotency key, stored with the record in the same transaction (none: nothing
    /// more is written). A key the user already stored fails the whole save with
    /// <see cref="IdempotencyKeyConflictException"/>.
    /// </summary>
    public IdempotencyKey? IdempotencyKey { get; init; }

    /// <summary>
    /// The unique keys the save changes (<c>record_keys</c>, in the same transaction): every key of a
    /// new record; on update those of the fields whose key changed, a null key only releasing the
    /// old one. A taken key throws <see cref="Uniqueness.UniqueValueConflictException"/>. A delete
    /// releases all of the record's keys (and those of the records it cascades to) by itself.
    /// </summary>
    public IReadOnlyList<Uniqueness.UniqueKey> Keys { get; init; } = [];

    /// <summary>
    /// The records the save's lookups newly point to. The write transaction locks them against a
    /// delete and checks they are live, else throws <see cref="References.ReferenceMissingException"/>.
    /// </summary>
    public IReadOnlyList<References.RecordRef> References { get; init; } = [];

    /// <summary>
    /// For a delete of a record that lookups can point to: what happens to the pointing records, carried
    /// out in the delete's transaction after checking the references did not change (else
    /// <see cref="References.ReferencesChangedException"/>). Null: nothing can point to the record.
    /// </summary>
    public References.DeletePlan? Delete { get; init; }

    /// <summary>
    /// Approval requests the save starts, or the decision it carries out (the flow's actions): written
    /// in the same transaction. A decision someone else made first throws
    /// <see cref="Approvals.ApprovalConflictException"/> and nothing is written.
    /// </summary>
    public Approvals.ApprovalWrites Approvals { get; init; } = FunnelStudio.Approvals.ApprovalWrites.None;

    /// <summary>
    /// Side effects to deliver after the commit (<c>afterSave</c> and <c>onStageChange</c> hooks,
    /// webhooks …), written to the outbox in the same transaction: stored exactly when the record is.
    /// </summary>
    public IReadOnlyList<Outbox.OutboxMessage> Outbox { get; init; } = [];
}

/// <summary>The record changed since the version the save started from.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);
