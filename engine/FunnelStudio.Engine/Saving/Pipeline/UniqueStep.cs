using FunnelStudio.Uniqueness;

namespace FunnelStudio.Saving.Pipeline;

/// <summary>
/// Reports <c>FIELD_UNIQUE</c> for every unique value the save sets that another record holds,
/// together with the other errors. It only reads: what holds uniqueness under races is the store's
/// <c>record_keys</c> primary key, written in the save's transaction (see <see cref="PersistStep"/>).
/// Objects without unique fields, and saves that change no unique value, cost nothing here.
/// </summary>
public sealed class UniqueStep(IRecordKeyStore keys) : ISaveStep
{
    public async Task ExecuteAsync(SaveContext context, CancellationToken cancellationToken)
    {
        if (context.Command.Operation == SaveOperation.Delete) return;
        var changes = UniqueKeys.Changes(context.Object.Definition, context.Existing?.Values, context.Values);
        if (changes.Count == 0) return;
        // A value that could not be bound (or may not be written) is reported already.
        var failed = context.Violations.Where(v => v.Field is not null).Select(v => v.Field!).ToHashSet(StringComparer.Ordinal);
        var checkable = changes.Where(k => k.Key is not null && !failed.Contains(k.Field)).ToList();
        foreach (var violation in await UniqueViolations.FindAsync(keys, context, checkable, cancellationToken))
            context.Refuse(SaveStatus.ValidationFailed, violation);
    }
}
