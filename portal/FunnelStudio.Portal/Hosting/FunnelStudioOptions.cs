namespace FunnelStudio.Portal.Hosting;

/// <summary>The portal's own settings (section <c>FunnelStudio</c>); the database settings belong to storage.</summary>
public sealed class FunnelStudioOptions
{
    public const string Section = "FunnelStudio";

    /// <summary>The package folder imported on first start, relative to the content root or the repository root.</summary>
    public string Package { get; set; } = "sample-configs/b2b-saas";

    public DemoOptions Demo { get; set; } = new();

    public FirstAdminOptions Admin { get; set; } = new();
}

/// <summary>Demo data created on first start with an empty database.</summary>
public sealed class DemoOptions
{
    public bool Seed { get; set; } = true;

    /// <summary>The demo users' password; when unset one is generated and logged once.</summary>
    public string? Password { get; set; }

    /// <summary>How many demo deals to create.</summary>
    public int Deals { get; set; } = 200;
}

/// <summary>
/// The admin created on first start (a database without users) when both are set — how a production
/// install without demo data gets its first user. The password is never logged.
/// </summary>
public sealed class FirstAdminOptions
{
    public string? Email { get; set; }
    public string? Password { get; set; }

    /// <summary>The display name (default: the email).</summary>
    public string? DisplayName { get; set; }

    public bool IsSet => !string.IsNullOrWhiteSpace(Email) || !string.IsNullOrEmpty(Password);
}
