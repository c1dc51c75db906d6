using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Storage.Identity;

/// <summary>
/// A FunnelStudio user: an Identity user with a display name, a manager, a UI language and whether
/// they may sign in. Users are never deleted: a deactivated user's records, history and audit
/// lines keep naming them.
/// </summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The user's manager (an <see cref="AppUser"/> id): the manager chain is what the team scope reaches.</summary>
    public string? ManagerId { get; set; }

    /// <summary>Preferred UI language (en or zh-CN); null follows the browser.</summary>
    public string? Locale { get; set; }

    /// <summary>False once an admin deactivated the user: sign-in and tokens are refused.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}
