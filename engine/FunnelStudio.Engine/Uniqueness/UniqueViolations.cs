using FunnelStudio.Localization;
using FunnelStudio.Rules;
using FunnelStudio.Saving.Pipeline;

namespace FunnelStudio.Uniqueness;

/// <summary>
/// <c>FIELD_UNIQUE</c> for each key of a save that another record holds, naming that record: its
/// title and id when the acting user may read it, otherwise only "another record" — a duplicate
/// check must not become a way to read records one may not see.
/// </summary>
public static class UniqueViolations
{
    public const string Code = "FIELD_UNIQUE";

    public static async Task<IReadOnlyList<Violation>> FindAsync(IRecordKeyStore store, SaveContext context,
        IReadOnlyCollection<UniqueKey> keys, CancellationToken cancellationToken)
    {
        var filled = keys.Where(k => k.Key is not null).ToList();
        if (filled.Count == 0) return [];
        var self = context.Existing?.Id;
        var holders = await store.HoldersAsync(context.Object.Name, filled, cancellationToken);
        return holders.Where(h => h.RecordId != self)
            .GroupBy(h => h.Field)
            .Select(g => For(context, g.First()))
            .ToList();
    }

    /// <summary>The violation for a key whose holder could not be found any more (it was deleted after the race).</summary>
    public static Violation Unknown(SaveContext context, string? field) =>
        Violation.FieldError(Code, field, EngineText.Format("unique.other", field is null ? context.Object.Definition.Label : Label(context, field)));

    private static Violation For(SaveContext context, KeyHolder holder)
    {
        if (!context.Access.CanRead(holder.OwnerId)) return Unknown(context, holder.Field);
        var title = string.IsNullOrWhiteSpace(holder.Title) ? holder.RecordId.ToString()[..8] : holder.Title;
        return Violation.FieldError(Code, holder.Field, EngineText.Format("unique.record", Label(context, holder.Field),
            context.Object.Definition.Label, title, holder.RecordId)) with { ExistingRecordId = holder.RecordId };
    }

    private static object Label(SaveContext context, string field) =>
        context.Object.Definition.Field(field)?.Label ?? (object)field;
}
