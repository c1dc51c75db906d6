namespace FunnelStudio.Uniqueness;

/// <summary>
/// The normalized value of a unique field (<see cref="UniqueKeys.Normalize"/>), as the store keeps
/// it in <c>record_keys</c>. A null <see cref="Key"/> means the field has no key (it is empty): a
/// save that empties a unique field releases its old key.
/// </summary>
public sealed record UniqueKey(string Field, string? Key);

/// <summary>A key and the record that holds it.</summary>
public sealed record RecordKey(Guid RecordId, string Field, string Key);

/// <summary>A live record holding a key: who owns it (may the user see it?) and its title (to name it).</summary>
public sealed record KeyHolder(string Field, string Key, Guid RecordId, string? OwnerId, string? Title);
