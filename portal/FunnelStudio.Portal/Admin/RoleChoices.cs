using FunnelStudio.Saving;

namespace FunnelStudio.Portal.Admin;

/// <summary>A role an admin can give: its name and its label in the request's language, from the published package.</summary>
public sealed record RoleChoice(string Name, string Label, bool Admin);

public static class RoleChoices
{
    /// <summary>The published package's roles, in package order.</summary>
    public static IReadOnlyList<RoleChoice> Of(IPackageRuntime runtime, string locale) =>
        runtime.Current.Definition.Roles.Select(r => new RoleChoice(r.Name, r.Label.Get(locale) is { Length: > 0 } label ? label : r.Name, r.Admin)).ToList();

    /// <summary>A role's label, or its name when the package no longer defines it.</summary>
    public static string LabelOf(this IReadOnlyList<RoleChoice> choices, string role) =>
        choices.FirstOrDefault(c => c.Name == role)?.Label ?? role;
}
