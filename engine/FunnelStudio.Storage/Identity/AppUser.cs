using Microsoft.AspNetCore.Identity;

namespace FunnelStudio.Storage.Identity;

/// <summary>A FunnelStudio user: an Identity user with a display name, a manager and a UI language.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The user's manager (an <see cref="AppUser"/> id); managers see their team's records.</summary>
    public string? ManagerId { get; set; }

    /// <summary>Preferred UI language (en or zh-CN); null follows the browser.</summary>
    public string? Locale { get; set; }
}
