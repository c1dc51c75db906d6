using FunnelStudio.Metadata;

namespace FunnelStudio.Versions;

/// <summary>
/// Roles (added, removed, label, admin flag) and, for roles on both sides, their permissions object
/// by object. Permissions compare what they grant, not how they are written: an object a role does
/// not name is the same as <c>none</c>, and a field named with the access <c>"*"</c> gives anyway is
/// no change.
/// </summary>
internal static class AccessDiff
{
    public static void Compare(ChangeList changes, IReadOnlyList<RoleDefinition> before, IReadOnlyList<RoleDefinition> after) =>
        ChangeList.Match(before, after, r => r.Name,
            added: r => changes.Added(ChangeAreas.Role, "roles." + r.Name, Summary(r)),
            removed: r => changes.Removed(ChangeAreas.Role, "roles." + r.Name, Summary(r)),
            both: (a, b) => CompareRole(changes, a, b));

    private static string? Summary(RoleDefinition role) => role.Admin ? $"{DiffText.Of(role.Label)} (admin)" : DiffText.Of(role.Label);

    private static void CompareRole(ChangeList changes, RoleDefinition a, RoleDefinition b)
    {
        var path = "roles." + a.Name;
        changes.Compare(ChangeAreas.Role, path + ".label", DiffText.Of(a.Label), DiffText.Of(b.Label));
        changes.Compare(ChangeAreas.Role, path + ".admin", DiffText.Of(a.Admin), DiffText.Of(b.Admin));
        foreach (var obj in a.Permissions.Keys.Union(b.Permissions.Keys).Order(StringComparer.Ordinal))
            ComparePermission(changes, $"{path}.permissions.{obj}", Get(a, obj), Get(b, obj));
    }

    // The role's own permissions, not ObjectPermission.Everything for an admin: the admin flag is its own change.
    private static ObjectPermission Get(RoleDefinition role, string obj) =>
        role.Permissions.TryGetValue(obj, out var permission) ? permission : ObjectPermission.None;

    private static void ComparePermission(ChangeList changes, string path, ObjectPermission a, ObjectPermission b)
    {
        const string area = ChangeAreas.Permission;
        changes.Compare(area, path + ".read", DiffText.Name(a.Read), DiffText.Name(b.Read));
        changes.Compare(area, path + ".create", DiffText.Of(a.Create), DiffText.Of(b.Create));
        changes.Compare(area, path + ".edit", DiffText.Name(a.Edit), DiffText.Name(b.Edit));
        changes.Compare(area, path + ".delete", DiffText.Name(a.Delete), DiffText.Name(b.Delete));
        changes.Compare(area, path + ".fields.*", DiffText.Name(a.OtherFields), DiffText.Name(b.OtherFields));
        foreach (var field in a.Fields.Keys.Union(b.Fields.Keys).Order(StringComparer.Ordinal))
            changes.Compare(area, $"{path}.fields.{field}", DiffText.Name(a.Field(field)), DiffText.Name(b.Field(field)));
    }
}
