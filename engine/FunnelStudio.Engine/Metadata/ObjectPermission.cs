namespace FunnelStudio.Metadata;

/// <summary>
/// One role's permissions on one object, as written in <c>package.json</c> →
/// <c>roles[].permissions.&lt;object&gt;</c>. An object a role does not name gets <see cref="None"/>.
/// </summary>
public sealed record ObjectPermission
{
    public static readonly ObjectPermission None = new();

    /// <summary>Every operation on every record and field: what an admin role has.</summary>
    public static readonly ObjectPermission Everything = new()
    {
        Read = AccessScope.All, Edit = AccessScope.All, Delete = AccessScope.All, Create = true,
    };

    public AccessScope Read { get; init; }
    public AccessScope Edit { get; init; }
    public AccessScope Delete { get; init; }
    public bool Create { get; init; }
    /// <summary>Fields given their own access (<c>"fields": { "payment_confirmed": "read" }</c>).</summary>
    public IReadOnlyDictionary<string, FieldAccess> Fields { get; init; } = new Dictionary<string, FieldAccess>();
    /// <summary>
    /// The access of every field <see cref="Fields"/> does not name: <see cref="FieldAccess.Write"/>, or
    /// what <c>"*"</c> says (finance: <c>{ "*": "read", "payment_confirmed": "write" }</c>).
    /// </summary>
    public FieldAccess OtherFields { get; init; } = FieldAccess.Write;
    /// <summary>Where it was declared (JSON path in package.json).</summary>
    public string Path { get; init; } = "";

    public FieldAccess Field(string name) => Fields.TryGetValue(name, out var access) ? access : OtherFields;

    /// <summary>True when some field may be hidden by this permission.</summary>
    public bool HidesAny => OtherFields == FieldAccess.Hidden || Fields.Values.Contains(FieldAccess.Hidden);
}
