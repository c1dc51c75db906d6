using System.Text.Json;

namespace FunnelStudio.Saving;

/// <summary>What a save does.</summary>
public enum SaveOperation
{
    Create,
    Update,
    Delete,
    MoveStage,
}

/// <summary>Which path a save came from; every path runs the same pipeline.</summary>
public enum SaveSource
{
    Form,
    Api,
    Board,
    Import,
    Script,
    Seed,
    /// <summary>An approval flow's actions, carried out with its final decision.</summary>
    Approval,
}

/// <summary>
/// One request to change a record. Values come as JSON (API, import) or as form text; either way
/// the pipeline binds them by field type. A stage change is <see cref="ToStage"/> (a <c>stage</c>
/// key among the values means the same).
/// </summary>
public sealed record SaveCommand(string Object, SaveOperation Operation, ActingUser User)
{
    public Guid? RecordId { get; init; }
    /// <summary>Values as a JSON object (field → value).</summary>
    public JsonElement? JsonValues { get; init; }
    /// <summary>Values as typed into a form (field → text).</summary>
    public IReadOnlyDictionary<string, string?>? FormValues { get; init; }
    public string? ToStage { get; init; }
    /// <summary>The version the caller started from (ETag / hidden form field); null skips the check.</summary>
    public long? ExpectedVersion { get; init; }
    public SaveSource Source { get; init; } = SaveSource.Api;
    /// <summary>When the change happened; honoured only for <see cref="SaveSource.Seed"/> and <see cref="SaveSource.Import"/> (back-dated history).</summary>
    public DateTime? EffectiveAt { get; init; }
    /// <summary>The client's idempotency key, stored with the record the save writes (see <see cref="PersistRequest.IdempotencyKey"/>).</summary>
    public IdempotencyKey? IdempotencyKey { get; init; }

    /// <summary>
    /// Set when the save carries out an approval's final decision (its <c>set</c> and
    /// <c>moveStage</c> actions): the decision is written in the save's transaction, the record's lock
    /// doesn't apply, and the flow counts as approved for the stage gate when it was approved.
    /// </summary>
    public Approvals.ApprovalDecisionSave? Approval { get; init; }
}
