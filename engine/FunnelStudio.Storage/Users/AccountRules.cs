using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// The account rules every host applies to Identity — the portal and the command line create users
/// under the same password policy, or a password the CLI accepts would be one the portal refuses.
/// </summary>
public static class AccountRules
{
    public const int MinPasswordLength = 8;
    /// <summary>Longer is no safer and only makes every sign-in hash more text.</summary>
    public const int MaxPasswordLength = 256;
    public const int MaxDisplayNameLength = 200;
    public const int MaxEmailLength = 256;

    public static void Apply(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = MinPasswordLength;
    }
}
