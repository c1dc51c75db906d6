using System.Text.Json;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;

namespace FunnelStudio.Loading;

/// <summary>
/// Reads <c>package.json</c> → <c>roles</c>: each role's name, label, <c>admin</c> flag and
/// per-object permissions. Shape only; whether the objects and fields exist is checked by
/// <see cref="AccessChecker"/> once every object is read.
/// </summary>
internal static class RoleReader
{
    private static readonly string[] RoleKeys = ["name", "label", "admin", "permissions"];
    private static readonly string[] PermissionKeys = ["read", "create", "edit", "delete", "fields"];

    private static readonly Dictionary<string, AccessScope> Scopes = new(StringComparer.Ordinal)
    {
        ["none"] = AccessScope.None, ["own"] = AccessScope.Own, ["team"] = AccessScope.Team, ["all"] = AccessScope.All,
    };

    private static readonly Dictionary<string, FieldAccess> FieldAccesses = new(StringComparer.Ordinal)
    {
        ["hidden"] = FieldAccess.Hidden, ["read"] = FieldAccess.Read, ["write"] = FieldAccess.Write,
    };

    public static IReadOnlyList<RoleDefinition> Read(ElementReader reader, JsonElement root)
    {
        var roles = new List<RoleDefinition>();
        foreach (var (item, path) in reader.Array(root, "$", "roles"))
        {
            if (!reader.ExpectObject(item, path, RoleKeys, "a role")) continue;
            var name = reader.Name(item, path, "Role");
            if (name is null) continue;
            if (roles.Exists(r => r.Name == name))
            {
                reader.Bag.Error(DiagnosticCodes.DuplicateName, reader.File, path + ".name", $"Role '{name}' is defined twice.");
                continue;
            }
            var label = reader.Text(item, path, "label");
            var admin = reader.Bool(item, path, "admin");
            if (admin && reader.Has(item, "permissions"))
                reader.Bag.Warning(DiagnosticCodes.UnknownKey, reader.File, path + ".permissions",
                    $"Role '{name}' is an admin role, which may do everything; its 'permissions' are ignored.");
            roles.Add(new RoleDefinition(name, label.IsEmpty ? LocalizedText.Of(name) : label)
            {
                Admin = admin,
                Permissions = admin ? new Dictionary<string, ObjectPermission>() : ReadPermissions(reader, item, path),
                Path = path,
            });
        }
        return roles;
    }

    private static Dictionary<string, ObjectPermission> ReadPermissions(ElementReader reader, JsonElement role, string rolePath)
    {
        var permissions = new Dictionary<string, ObjectPermission>(StringComparer.Ordinal);
        if (!reader.TryGet(role, rolePath, "permissions", false, out var element)) return permissions;
        var path = ElementReader.Child(rolePath, "permissions");
        if (element.ValueKind != JsonValueKind.Object)
        {
            reader.WrongType(rolePath, "permissions", "an object of object name → permissions", element);
            return permissions;
        }
        foreach (var entry in element.EnumerateObject())
        {
            var entryPath = ElementReader.Child(path, entry.Name);
            if (!ElementReader.IsValidName(entry.Name))
            {
                reader.Bag.Error(DiagnosticCodes.InvalidName, reader.File, entryPath, $"'{entry.Name}' is not a valid object name.");
                continue;
            }
            if (!reader.ExpectObject(entry.Value, entryPath, PermissionKeys, $"the permissions on '{entry.Name}'")) continue;
            var (fields, others) = ReadFields(reader, entry.Value, entryPath);
            permissions[entry.Name] = new ObjectPermission
            {
                Read = Scope(reader, entry.Value, entryPath, "read"),
                Edit = Scope(reader, entry.Value, entryPath, "edit"),
                Delete = Scope(reader, entry.Value, entryPath, "delete"),
                Create = reader.Bool(entry.Value, entryPath, "create"),
                Fields = fields,
                OtherFields = others,
                Path = entryPath,
            };
        }
        return permissions;
    }

    private static AccessScope Scope(ElementReader reader, JsonElement element, string path, string key)
    {
        var text = reader.String(element, path, key);
        if (text is null) return AccessScope.None;
        if (Scopes.TryGetValue(text, out var scope)) return scope;
        reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, ElementReader.Child(path, key),
            $"'{key}' must be one of none, own, team, all — not '{text}'.");
        return AccessScope.None;
    }

    /// <summary>Reads <c>fields</c>: field name (or <c>*</c>, every other field) → hidden, read or write.</summary>
    private static (Dictionary<string, FieldAccess> Fields, FieldAccess Others) ReadFields(ElementReader reader, JsonElement element, string objectPath)
    {
        var fields = new Dictionary<string, FieldAccess>(StringComparer.Ordinal);
        var others = FieldAccess.Write;
        if (!reader.TryGet(element, objectPath, "fields", false, out var map)) return (fields, others);
        if (map.ValueKind != JsonValueKind.Object)
        {
            reader.WrongType(objectPath, "fields", "an object of field name → \"read\" or \"hidden\"", map);
            return (fields, others);
        }
        var path = ElementReader.Child(objectPath, "fields");
        foreach (var entry in map.EnumerateObject())
        {
            var entryPath = ElementReader.Child(path, entry.Name);
            var isOthers = entry.Name == "*";
            if (!isOthers && !ElementReader.IsValidName(entry.Name))
                reader.Bag.Error(DiagnosticCodes.InvalidName, reader.File, entryPath, $"'{entry.Name}' is not a valid field name (or * for every other field).");
            else if (entry.Value.ValueKind == JsonValueKind.String && FieldAccesses.TryGetValue(entry.Value.GetString()!, out var access))
            {
                if (isOthers) others = access;
                else fields[entry.Name] = access;
            }
            else
                reader.Bag.Error(DiagnosticCodes.InvalidValue, reader.File, entryPath,
                    $"Field '{entry.Name}' must be \"read\" (visible, not writable), \"hidden\" (absent everywhere) or \"write\", not {ElementReader.Describe(entry.Value)}.");
        }
        return (fields, others);
    }
}
