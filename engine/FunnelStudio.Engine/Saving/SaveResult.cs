using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>How a save ended. Business outcomes are values, not exceptions.</summary>
public enum SaveStatus
{
    Saved,
    /// <summary>Field errors, validation rules or required fields: nothing was written.</summary>
    ValidationFailed,
    /// <summary>The stage decision blocked the move: nothing was written.</summary>
    StageBlocked,
    NotFound,
    Forbidden,
    /// <summary>Someone else saved first (stale version): nothing was written.</summary>
    Conflict,
    /// <summary>
    /// A delete refused because live records point to the record through a <c>restrict</c> lookup;
    /// each violation counts one object's records (<see cref="Violation.References"/>). Nothing was written.
    /// </summary>
    Referenced,
    /// <summary>The record is locked by a pending approval request (admins excepted): nothing was written. Code <c>RECORD_LOCKED</c>.</summary>
    Locked,
}

/// <summary>The outcome of a save: the stored record, or every violation that refused it.</summary>
public sealed record SaveResult(SaveStatus Status, StoredRecord? Record, IReadOnlyList<Violation> Violations)
{
    public bool Succeeded => Status == SaveStatus.Saved;

    public static SaveResult Saved(StoredRecord record) => new(SaveStatus.Saved, record, []);
    public static SaveResult Refused(SaveStatus status, IReadOnlyList<Violation> violations) => new(status, null, violations);
    public static SaveResult Refused(SaveStatus status, Violation violation) => new(status, null, [violation]);
}
