namespace FunnelStudio.References;

/// <summary>Finds the records that point to others — what a delete has to follow (restrict, clear, cascade).</summary>
public interface IReferenceStore
{
    /// <summary>
    /// The live records whose lookups point to any of <paramref name="targets"/>: for each lookup, the
    /// records of its object whose value is the id of a target of the lookup's target object.
    /// </summary>
    Task<IReadOnlyList<PointingRecord>> PointingAsync(IReadOnlyList<LookupField> lookups, IReadOnlyCollection<RecordRef> targets,
        CancellationToken cancellationToken);
}
