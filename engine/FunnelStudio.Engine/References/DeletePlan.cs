namespace FunnelStudio.References;

/// <summary>
/// What deleting a record does to the records around it, decided by the engine before the write
/// (<see cref="DeletePlanner"/>) and carried out by the store in the delete's one transaction.
/// The store locks every record of <see cref="Deleted"/>, asks again which live records point to
/// them through <see cref="Lookups"/>, and goes on only when that is still <see cref="Pointing"/>;
/// otherwise it writes nothing and throws <see cref="ReferencesChangedException"/>.
/// </summary>
/// <param name="Deleted">The record asked for first, then every record deleted with it (cascade).</param>
/// <param name="Lookups">Every lookup that can point to a record of <paramref name="Deleted"/>.</param>
/// <param name="Pointing">The live records that pointed to <paramref name="Deleted"/> when planned.</param>
/// <param name="Cleared">Of <paramref name="Pointing"/>, those whose lookup is emptied (<c>clear</c>).</param>
public sealed record DeletePlan(IReadOnlyList<RecordRef> Deleted, IReadOnlyList<LookupField> Lookups,
    IReadOnlyList<PointingRecord> Pointing, IReadOnlyList<PointingRecord> Cleared)
{
    /// <summary>The records deleted along with the first one.</summary>
    public IEnumerable<RecordRef> Cascaded => Deleted.Skip(1);
}
