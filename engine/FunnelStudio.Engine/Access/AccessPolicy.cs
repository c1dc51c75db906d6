using System.Collections.Concurrent;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;

namespace FunnelStudio.Access;

/// <summary>
/// The package's access model, compiled once per config version like its rules: for a user, which
/// records of an object they reach per operation (a filter every query applies) and what they may
/// do with each field (every read and every save step asks). A user with several roles gets the
/// widest of each permission. Only the package's roles count: a role a user holds that the package
/// does not define gives nothing, and a user without any package role reaches nothing.
/// </summary>
public sealed class AccessPolicy
{
    private readonly PackageDefinition _package;
    private readonly ConcurrentDictionary<string, RoleSet> _roleSets = new(StringComparer.Ordinal);

    public AccessPolicy(PackageDefinition package) => _package = package;

    /// <summary>True when the user holds an admin role of the package (or is the system).</summary>
    public bool IsAdmin(ActingUser user) => user.IsSystem || RolesOf(user).Admin;

    /// <summary>True when the user holds at least one role the package defines.</summary>
    public bool HasAnyRole(ActingUser user) => user.IsSystem || RolesOf(user).Roles.Count > 0;

    /// <summary>What <paramref name="user"/> may do with the records of <paramref name="obj"/>.</summary>
    public ObjectAccess For(ActingUser user, ObjectDefinition obj) =>
        new(user, obj, user.IsSystem ? ObjectPermission.Everything : RolesOf(user).On(obj.Name));

    /// <summary>The roles of <paramref name="user"/> the package defines, in package order.</summary>
    public IReadOnlyList<RoleDefinition> Roles(ActingUser user) => RolesOf(user).Roles;

    private RoleSet RolesOf(ActingUser user)
    {
        var key = string.Join('\n', user.Roles.Order(StringComparer.Ordinal));
        return _roleSets.GetOrAdd(key, _ => new RoleSet(_package.Roles.Where(r => user.Roles.Contains(r.Name)).ToList()));
    }

    /// <summary>The merged permissions of one combination of roles (a handful per package, cached).</summary>
    private sealed class RoleSet(IReadOnlyList<RoleDefinition> roles)
    {
        private readonly ConcurrentDictionary<string, ObjectPermission> _merged = new(StringComparer.Ordinal);

        public IReadOnlyList<RoleDefinition> Roles { get; } = roles;
        public bool Admin { get; } = roles.Any(r => r.Admin);

        public ObjectPermission On(string obj) => _merged.GetOrAdd(obj, Merge);

        private ObjectPermission Merge(string obj)
        {
            if (Admin) return ObjectPermission.Everything;
            // Only roles that reach the object widen its fields: a role without access adds nothing.
            var reaching = Roles.Select(r => r.On(obj)).Where(p => p.Read > AccessScope.None || p.Create).ToList();
            if (reaching.Count == 0) return ObjectPermission.None;
            var fieldNames = reaching.SelectMany(p => p.Fields.Keys).Distinct(StringComparer.Ordinal);
            return new ObjectPermission
            {
                Read = reaching.Max(p => p.Read),
                Edit = reaching.Max(p => p.Edit),
                Delete = reaching.Max(p => p.Delete),
                Create = reaching.Any(p => p.Create),
                Fields = fieldNames.ToDictionary(f => f, f => reaching.Max(p => p.Field(f)), StringComparer.Ordinal),
                OtherFields = reaching.Max(p => p.OtherFields),
            };
        }
    }
}
