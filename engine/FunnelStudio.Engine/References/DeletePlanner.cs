using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;

namespace FunnelStudio.References;

/// <summary>
/// Follows each pointing lookup's <c>onDelete</c> from the record a user deletes: <c>cascade</c>
/// adds the pointing record to the delete (and follows its own pointers in turn), <c>clear</c>
/// empties the lookup, <c>restrict</c> (the default) refuses the delete while any live record
/// outside the delete points to it. A cascade needs the user's delete permission on every record it
/// removes. Records that are deleted anyway never block or get cleared.
/// </summary>
public static class DeletePlanner
{
    public static async Task<DeleteOutcome> PlanAsync(CompiledPackage package, ActingUser user, StoredRecord record,
        IReferenceStore store, CancellationToken cancellationToken)
    {
        var lookups = package.Lookups;
        // Nothing can point to this object: the delete is the record's own (and needs no locks).
        if (lookups.To(record.Object).Count == 0) return DeleteOutcome.Alone;

        var deleted = new Dictionary<Guid, (RecordRef Ref, string? Owner, string? Via)> { [record.Id] = (new RecordRef(record.Object, record.Id), record.OwnerId, null) };
        var order = new List<RecordRef> { new(record.Object, record.Id) };
        var followed = new List<LookupField>();
        var pointing = new List<PointingRecord>();
        var seen = new HashSet<(Guid, string, Guid)>();
        var frontier = new List<RecordRef>(order);
        while (frontier.Count > 0)
        {
            var into = frontier.Select(r => r.Object).Distinct(StringComparer.Ordinal).SelectMany(lookups.To).ToList();
            followed.AddRange(into.Where(l => !followed.Contains(l)));
            var found = into.Count == 0 ? [] : await store.PointingAsync(into, frontier, cancellationToken);
            frontier = [];
            foreach (var p in found)
            {
                if (!seen.Add((p.Id, p.Field, p.Target))) continue;
                pointing.Add(p);
                if (Rule(package, p) != LookupDeleteRule.Cascade || deleted.ContainsKey(p.Id)) continue;
                var next = new RecordRef(p.Object, p.Id);
                deleted[p.Id] = (next, p.OwnerId, p.Field);
                order.Add(next);
                frontier.Add(next);
            }
        }

        var outside = pointing.Where(p => !deleted.ContainsKey(p.Id)).ToList();
        var blocking = Counts(outside.Where(p => Rule(package, p) == LookupDeleteRule.Restrict).Select(p => (p.Object, p.Field)));
        if (blocking.Count > 0) return new DeleteOutcome(null, blocking, []);
        var forbidden = Counts(order.Skip(1).Where(r => !CanDelete(package, user, r.Object, deleted[r.Id].Owner))
            .Select(r => (r.Object, deleted[r.Id].Via!)));
        if (forbidden.Count > 0) return new DeleteOutcome(null, [], forbidden);
        var cleared = outside.Where(p => Rule(package, p) == LookupDeleteRule.Clear).ToList();
        return new DeleteOutcome(new DeletePlan(order, followed, pointing, cleared), [], []);
    }

    private static LookupDeleteRule Rule(CompiledPackage package, PointingRecord p) =>
        package.Object(p.Object)?.Definition.Field(p.Field)?.OnDelete ?? LookupDeleteRule.Restrict;

    private static bool CanDelete(CompiledPackage package, ActingUser user, string obj, string? owner) =>
        package.Object(obj) is { } compiled && package.Access.For(user, compiled.Definition).CanDelete(owner);

    private static IReadOnlyList<ReferenceCount> Counts(IEnumerable<(string Object, string Field)> references) =>
        references.GroupBy(r => r).OrderBy(g => g.Key.Object, StringComparer.Ordinal).ThenBy(g => g.Key.Field, StringComparer.Ordinal)
            .Select(g => new ReferenceCount(g.Key.Object, g.Key.Field, g.Count())).ToList();
}

/// <summary>
/// What a delete may do: <see cref="Plan"/> to carry out, or why not — live records that point to
/// it through a <c>restrict</c> lookup (<see cref="Blocking"/>), or cascaded records beyond the
/// user's delete permission (<see cref="Forbidden"/>, counted per object and the lookup they hang on).
/// </summary>
public sealed record DeleteOutcome(DeletePlan? Plan, IReadOnlyList<ReferenceCount> Blocking, IReadOnlyList<ReferenceCount> Forbidden)
{
    /// <summary>No lookup can point to the record's object: nothing to follow, nothing to lock.</summary>
    public static DeleteOutcome Alone { get; } = new(null, [], []);
}
