using FunnelStudio.Versions;

namespace FunnelStudio.Storage.Config.Schema;

/// <summary>Collects a plan's steps and problems in the order they are found.</summary>
internal sealed class PlanBuilder
{
    private readonly List<SchemaStep> _steps = [];
    private readonly List<SchemaProblem> _problems = [];

    public void Step(string kind, string obj, string? field, string? from, string? to, int records) =>
        _steps.Add(new SchemaStep(kind, obj, field, from, to, records));

    /// <summary>A problem naming at most <see cref="SchemaPlanner.MaxExamples"/> of the records concerned.</summary>
    public void Problem(string code, string obj, string? field, string message, IEnumerable<Guid> records, string? value = null) =>
        _problems.Add(new SchemaProblem(code, obj, field, message, records.Take(SchemaPlanner.MaxExamples).ToList(), value));

    public SchemaPlan Build() => new(_steps, _problems);
}
