using FunnelStudio.Rules;

namespace FunnelStudio.Stages;

/// <summary>
/// The answer to "may this record move to that stage?": allowed, or blocked with every unmet
/// criterion and missing required field — never just the first.
/// </summary>
public sealed record StageDecision(string? From, string To, IReadOnlyList<Violation> Blocking)
{
    public bool Allowed => Blocking.Count == 0;

    /// <summary>The stages whose exit criteria were checked (the ones left behind).</summary>
    public IReadOnlyList<string> StagesPassed { get; init; } = [];

    public bool IsBackward { get; init; }
}
