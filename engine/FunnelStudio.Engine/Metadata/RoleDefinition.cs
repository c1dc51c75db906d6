namespace FunnelStudio.Metadata;

/// <summary>
/// A role the package defines. An <see cref="Admin"/> role may do everything and reaches the admin
/// pages; any other role reaches exactly what its <see cref="Permissions"/> name, object by object.
/// What a role is called is the package's business: the engine never looks at the name.
/// </summary>
public sealed record RoleDefinition(string Name, LocalizedText Label)
{
    public bool Admin { get; init; }
    /// <summary>Object name → permissions; an object not listed is out of reach.</summary>
    public IReadOnlyDictionary<string, ObjectPermission> Permissions { get; init; } = new Dictionary<string, ObjectPermission>();
    /// <summary>Where it was declared (JSON path in package.json).</summary>
    public string Path { get; init; } = "";

    public ObjectPermission On(string obj) =>
        Admin ? ObjectPermission.Everything : Permissions.TryGetValue(obj, out var permission) ? permission : ObjectPermission.None;
}
