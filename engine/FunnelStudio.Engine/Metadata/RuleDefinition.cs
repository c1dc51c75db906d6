namespace FunnelStudio.Metadata;

/// <summary>How a rule group combines its children.</summary>
public enum RuleGroupMode
{
    None,
    All,
    Any,
}

/// <summary>
/// A rule: a boolean expression with a message and the field it is about, or a group whose
/// children must all (<c>all</c>) or any (<c>any</c>) pass. <see cref="Path"/> is where it was
/// declared, so run-time errors can point back into the package.
/// </summary>
public sealed record RuleDefinition(string Name, LocalizedText Message)
{
    public string? Expression { get; init; }
    public string? Field { get; init; }
    public RuleGroupMode Group { get; init; }
    public IReadOnlyList<RuleDefinition> Children { get; init; } = [];
    public string File { get; init; } = "";
    public string Path { get; init; } = "";
}
