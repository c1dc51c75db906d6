namespace FunnelStudio.Uniqueness;

/// <summary>
/// The store refused a key another record holds (the primary key of <c>record_keys</c>): a save that
/// raced another one with the same value past the pre-check. Nothing was written; the save
/// pipeline turns it into <c>FIELD_UNIQUE</c>.
/// </summary>
public sealed class UniqueValueConflictException(string message, Exception? inner = null) : Exception(message, inner);
