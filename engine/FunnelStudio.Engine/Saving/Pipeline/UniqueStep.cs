using FunnelStudio.Uniqueness;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Adds <c>FIELD_UNIQUE</c> for every unique value another record holds to a save that is refused
/// anyway, so the user sees that problem together with the others. A save nothing else refuses
/// does not ask here: its keys go into <c>record_keys</c> in its own transaction, whose primary key
/// refuses a taken value (the <see cref="PersistStep"/> then names the holder) — the same answer
/// without a query on every save that sets a unique value, and the one that holds under races.
/// Registered after every other check, so it knows whether the save is refused.
/// </summary>
public sealed class UniqueStep(IRecordKeyStore keys) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation == SaveOperation.Delete || !context.IsRefused) return;
        var changes = UniqueKeys.Changes(context.Object.Definition, context.Existing?.Values, context.Values);
        if (changes.Count == 0) return;
        // A value that could not be bound (or may not be written) is reported already.
        var failed = context.Violations.Where(v => v.Field is not null).Select(v => v.Field!).ToHashSet(StringComparer.Ordinal);
        var checkable = changes.Where(k => k.Key is not null && !failed.Contains(k.Field)).ToList();
        foreach (var violation in await UniqueViolations.FindAsync(keys, context, checkable, cancellationToken))
            context.Refuse(SaveStatus.ValidationFailed, violation);
    }
}
