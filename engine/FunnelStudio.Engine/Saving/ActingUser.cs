using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>
/// Who is saving or querying: id, display name, roles, and the users they manage (a manager sees
/// their team's records). Resolved by the host (portal, API, CLI) from its sign-in; the engine
/// only reads it, so every path applies the same access rules.
/// </summary>
public sealed record ActingUser(string Id, string Name, IReadOnlyList<string> Roles)
{
    /// <summary>Ids of the users this user manages (directly).</summary>
    public IReadOnlyList<string> TeamIds { get; init; } = [];

    /// <summary>The trusted system actor (seeding, migrations); sees and may do everything.</summary>
    public static ActingUser System { get; } = new("system", "FunnelStudio", ["admin"]);

    public bool IsAdmin => Roles.Contains("admin");
    public bool IsManager => Roles.Contains("manager");
    public bool HasRole(string role) => Roles.Contains(role);

    public RuleUser ToRuleUser() => new(Id, Name, Roles.ToArray());

    /// <summary>
    /// Whose records this user may see and change: everyone's (null) for admins and finance (who
    /// confirm payments across the funnel), the team's for managers, their own for reps.
    /// </summary>
    public IReadOnlyList<string>? VisibleOwners => IsAdmin || HasRole("finance") ? null
        : IsManager ? [Id, .. TeamIds] : [Id];

    public bool CanSeeOwner(string? ownerId) => VisibleOwners is not { } owners || ownerId is not null && owners.Contains(ownerId);
}
