namespace FunnelStudio.Metadata;

/// <summary>
/// A printable document of a record (<c>"documents"</c> in <c>package.json</c>): a button on the
/// record's page that renders <see cref="Template"/> with the record as the user may read it. Shown
/// to the roles listed, or to everyone who may read the record when none are.
/// </summary>
public sealed record DocumentDefinition(string Name, string Object, LocalizedText Label, string Template)
{
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>A Bootstrap Icons name (<c>file-earmark-text</c>), or null.</summary>
    public string? Icon { get; init; }
    /// <summary>Where it is declared, for diagnostics: <c>$.documents[i]</c>.</summary>
    public string Path { get; init; } = "$";

    /// <summary>Whether a user with <paramref name="roles"/> may print it (reading the record is checked apart).</summary>
    public bool AllowedFor(IEnumerable<string> roles) => Roles.Count == 0 || roles.Any(Roles.Contains);
}
