using FunnelStudio.Rules;

namespace FunnelStudio.Saving;

/// <summary>
/// Who is saving or querying: id, display name, roles and team. Resolved by the host (portal, API,
/// CLI) from its sign-in and user directory; the engine never interprets a role's name — the
/// package's <see cref="Access.AccessPolicy"/> says what the roles may do.
/// </summary>
public sealed record ActingUser(string Id, string Name, IReadOnlyList<string> Roles)
{
    /// <summary>
    /// Everyone who reports to this user, directly or through the manager chain: the owners the
    /// <c>team</c> scope reaches besides the user.
    /// </summary>
    public IReadOnlyList<string> TeamIds { get; init; } = [];

    /// <summary>The trusted system actor (start-up, migrations): may do everything, holds no role.</summary>
    public bool IsSystem { get; init; }

    public static ActingUser System { get; } = new("system", "FunnelStudio", []) { IsSystem = true };

    public bool HasRole(string role) => Roles.Contains(role);

    public RuleUser ToRuleUser() => new(Id, Name, Roles.ToArray());
}
