namespace FunnelStudio.Portal.Identity;

/// <summary>The claims FunnelStudio adds to a signed-in user (besides Identity's id, name and roles).</summary>
public static class FunnelStudioClaims
{
    public const string DisplayName = "fs:display_name";
    public const string Locale = "fs:locale";
}
