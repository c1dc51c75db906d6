using System.ComponentModel.DataAnnotations;
using FunnelStudio.Access;
using FunnelStudio.Metadata;
using static FunnelStudio.Storage.Users.UserAccountErrors;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// The checks of a user change that need no database write, each adding every problem it finds:
/// names, roles against the published package (the only source of role names), the manager chain
/// (no cycles) and that someone is left to administer.
/// </summary>
public static class UserAccountChecks
{
    private static readonly EmailAddressAttribute EmailFormat = new();

    public static void Email(string email, List<UserAccountError> errors)
    {
        if (email.Length == 0 || email.Length > AccountRules.MaxEmailLength || HasControl(email) || !EmailFormat.IsValid(email))
            errors.Add(new UserAccountError(EmailInvalid, "email", "Enter a valid email address.", email));
    }

    public static void DisplayName(string? name, List<UserAccountError> errors)
    {
        if (name is not null && (name.Length > AccountRules.MaxDisplayNameLength || HasControl(name)))
            errors.Add(new UserAccountError(DisplayNameInvalid, "displayName",
                $"The display name may have at most {AccountRules.MaxDisplayNameLength} characters and no control characters."));
    }

    /// <summary>At least one role, each one the package defines.</summary>
    public static void Roles(IReadOnlyList<string> roles, PackageDefinition package, List<UserAccountError> errors)
    {
        if (roles.Count == 0)
            errors.Add(new UserAccountError(RoleRequired, "roles", "Give the user at least one role."));
        foreach (var role in roles.Where(r => package.Roles.All(p => p.Name != r)))
            errors.Add(new UserAccountError(RoleUnknown, "roles",
                $"The package '{package.Name}' defines no role '{role}'; its roles are: {string.Join(", ", package.Roles.Select(r => r.Name))}.", role));
    }

    /// <summary>The manager is another active user, and not one who reports to <paramref name="userId"/> (a cycle).</summary>
    public static void Manager(string? userId, string managerId, IReadOnlyList<DirectoryUser> users, List<UserAccountError> errors)
    {
        if (users.FirstOrDefault(u => u.Id == managerId) is not { Active: true })
            errors.Add(new UserAccountError(ManagerUnknown, "managerId", $"There is no active user '{managerId}' to be the manager.", managerId));
        else if (userId is not null && Teams.WouldCycle(userId, managerId, users))
            errors.Add(new UserAccountError(ManagerCycle, "managerId",
                managerId == userId ? "A user cannot be their own manager." : "The manager reports to this user, directly or through others: that would be a cycle.",
                managerId));
    }

    /// <summary>
    /// After the change, at least one active user still holds an admin role of the package; otherwise
    /// nobody could reach the admin pages to undo it.
    /// </summary>
    public static void LeavesAnAdmin(string userId, IReadOnlyList<string>? newRoles, bool? newActive, PackageDefinition package,
        IReadOnlyList<DirectoryUser> users, List<UserAccountError> errors)
    {
        var adminRoles = package.Roles.Where(r => r.Admin).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var anyAdminLeft = users.Any(u => u.Id == userId
            ? (newActive ?? u.Active) && (newRoles ?? u.Roles).Any(adminRoles.Contains)
            : u.Active && u.Roles.Any(adminRoles.Contains));
        var wasAdmin = users.Any(u => u.Id == userId && u.Active && u.Roles.Any(adminRoles.Contains));
        if (wasAdmin && !anyAdminLeft)
            errors.Add(new UserAccountError(LastAdmin, newActive == false ? "active" : "roles",
                "This is the last active user with an admin role: give another user an admin role first."));
    }

    private static bool HasControl(string text) => text.Any(char.IsControl);
}
