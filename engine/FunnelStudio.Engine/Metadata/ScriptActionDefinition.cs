namespace FunnelStudio.Metadata;

/// <summary>
/// A named button on a record's page: runs a JavaScript function with <c>ctx</c>; what it sets is
/// saved through the one save pipeline. Shown to the roles listed (all who may edit the record when
/// none are), after the <see cref="Confirm"/> question when there is one.
/// </summary>
public sealed record ScriptActionDefinition(string Name, string Object, LocalizedText Label, string Script, string Function)
{
    /// <summary>A Bootstrap Icons name (<c>calculator</c>), or null.</summary>
    public string? Icon { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public LocalizedText Confirm { get; init; } = LocalizedText.Empty;
    public string? Plugin { get; init; }
    public string File { get; init; } = "package.json";
    public string Path { get; init; } = "$";
    public string Id => $"{Script}#{Function}";
    public string Source => Plugin ?? "package";
}
