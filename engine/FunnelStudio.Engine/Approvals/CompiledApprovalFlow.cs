using FunnelStudio.Metadata;
using FunnelStudio.Rules;

namespace FunnelStudio.Approvals;

/// <summary>
/// A flow compiled with its object: the entry rule and each step's <c>when</c> (null: the step
/// always runs), plus the source text a request pins when it starts.
/// </summary>
public sealed record CompiledApprovalFlow(ApprovalFlowDefinition Definition, CompiledRule Entry, IReadOnlyList<CompiledRule?> StepConditions, string Source)
{
    public string Name => Definition.Name;

    /// <summary>The fields the entry rule reads: a save that changes one while the rule holds asks again.</summary>
    public required IReadOnlySet<string> EntryFields { get; init; }
}
