namespace FunnelStudio.Storage.Users;

/// <summary>A user to create: the sign-in email, a display name (the email when blank), a password, package roles and a manager.</summary>
public sealed record NewUser(string Email, string? DisplayName, string Password, IReadOnlyList<string> Roles, string? ManagerId);

/// <summary>Changes to a user; a null property is left as it is.</summary>
public sealed record UserChanges
{
    public string? DisplayName { get; init; }

    /// <summary>The package roles the user holds from now on (roles the package does not define are kept).</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>The new manager; <c>new ManagerChange(null)</c> removes the manager.</summary>
    public ManagerChange? Manager { get; init; }

    public bool? Active { get; init; }

    /// <summary>A new password, set by an admin (it also lifts a lockout and ends the user's refresh tokens).</summary>
    public string? Password { get; init; }

    public bool IsEmpty => DisplayName is null && Roles is null && Manager is null && Active is null && Password is null;
}

/// <summary>A change of manager, so that "no manager" differs from "leave the manager alone".</summary>
public sealed record ManagerChange(string? ManagerId);
