using FunnelStudio.Metadata;
using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// Users hold roles by name (Identity roles); the package says what each name may do. Every role
/// of the published package exists as an Identity role, so an admin can give it to users. Roles the
/// package no longer defines stay (users keep them) but give nothing until a package defines them again.
/// </summary>
public static class PackageRoles
{
    public static async Task EnsureAsync(RoleManager<IdentityRole> roles, PackageDefinition package)
    {
        foreach (var role in package.Roles)
        {
            if (await roles.RoleExistsAsync(role.Name)) continue;
            var result = await roles.CreateAsync(new IdentityRole(role.Name));
            if (!result.Succeeded && !await roles.RoleExistsAsync(role.Name))
                throw new InvalidOperationException($"Creating role {role.Name} failed: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary>The package's first admin role: what the first-start admin and <c>funnelstudio users add --role</c> examples get.</summary>
    public static RoleDefinition? FirstAdmin(PackageDefinition package) => package.Roles.FirstOrDefault(r => r.Admin);
}
