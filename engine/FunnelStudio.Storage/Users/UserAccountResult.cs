namespace FunnelStudio.Storage.Users;

/// <summary>The stable codes of refused user changes; the API answers with them, the pages translate them.</summary>
public static class UserAccountErrors
{
    public const string NotFound = "NOT_FOUND";
    public const string EmailInvalid = "EMAIL_INVALID";
    public const string EmailTaken = "EMAIL_TAKEN";
    public const string DisplayNameInvalid = "DISPLAY_NAME_INVALID";
    public const string PasswordInvalid = "PASSWORD_INVALID";
    public const string RoleRequired = "ROLE_REQUIRED";
    public const string RoleUnknown = "ROLE_UNKNOWN";
    public const string ManagerUnknown = "MANAGER_UNKNOWN";
    public const string ManagerCycle = "MANAGER_CYCLE";
    /// <summary>The change would leave no active user with an admin role: nobody could manage users any more.</summary>
    public const string LastAdmin = "LAST_ADMIN";
}

/// <summary>
/// Why a user change was refused: a code, the request property it is about (<c>email</c>,
/// <c>displayName</c>, <c>password</c>, <c>roles</c>, <c>managerId</c>, <c>active</c>), an English
/// message, and the offending value or Identity's explanation in <see cref="Detail"/>.
/// </summary>
public sealed record UserAccountError(string Code, string Field, string Message, string? Detail = null);

/// <summary>A user change either succeeded (with the user's id) or was refused with every reason; nothing was written then.</summary>
public sealed record UserAccountResult(string? UserId, IReadOnlyList<UserAccountError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
    public bool IsNotFound => Errors.Any(e => e.Code == UserAccountErrors.NotFound);

    public static UserAccountResult Ok(string userId) => new(userId, []);
    public static UserAccountResult Failed(IReadOnlyList<UserAccountError> errors) => new(null, errors);
    public static UserAccountResult NotFound(string id) =>
        new(null, [new UserAccountError(UserAccountErrors.NotFound, "id", $"There is no user '{id}'.")]);
}
