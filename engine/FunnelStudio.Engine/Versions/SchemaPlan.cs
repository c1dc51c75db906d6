namespace FunnelStudio.Versions;

/// <summary>
/// What publishing a version does to the stored data, worked out before anything is written:
/// the steps (archive a removed field, restore a returning one, carry a renamed field over,
/// convert a changed type, move records out of a removed stage, replace a removed option) and the
/// problems that refuse the publish until the admin decides (a stage or option in use without a
/// mapping: <c>CONFIG_NEEDS_MAPPING</c>; values that do not convert exactly: <c>CONFIG_UNSAFE</c>).
/// </summary>
public sealed record SchemaPlan(IReadOnlyList<SchemaStep> Steps, IReadOnlyList<SchemaProblem> Problems)
{
    public static SchemaPlan Empty { get; } = new([], []);

    public bool CanApply => Problems.Count == 0;
}

/// <summary>
/// One data step of a publish. <paramref name="Kind"/>: <c>archiveField</c>, <c>restoreField</c>,
/// <c>renameField</c>, <c>convertField</c>, <c>mapStage</c>, <c>mapOption</c>.
/// <paramref name="From"/>/<paramref name="To"/>: the old and new name, type, stage or option;
/// <paramref name="Records"/>: how many records it touches.
/// </summary>
public sealed record SchemaStep(string Kind, string Object, string? Field, string? From, string? To, int Records);

/// <summary>
/// Why the data cannot take a version as it is, with a few of the records concerned.
/// <paramref name="Value"/>: the removed stage or option that needs a mapping (null for other problems);
/// for a stage, <paramref name="Field"/> is the pipeline's stage field.
/// </summary>
public sealed record SchemaProblem(string Code, string Object, string? Field, string Message, IReadOnlyList<Guid> Examples, string? Value = null);

/// <summary>Works out a <see cref="SchemaPlan"/> from the active and the new package against the stored records.</summary>
public interface ISchemaPlanner
{
    Task<SchemaPlan> PlanAsync(Rules.CompiledPackage active, Rules.CompiledPackage next, PublishMapping mapping, CancellationToken cancellationToken);
}
