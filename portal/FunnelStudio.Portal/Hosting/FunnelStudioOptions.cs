namespace FunnelStudio.Portal.Hosting;

/// <summary>The portal's own settings (section <c>FunnelStudio</c>); the database settings belong to storage.</summary>
public sealed class FunnelStudioOptions
{
    public const string Section = "FunnelStudio";

    /// <summary>The package folder imported on first start, relative to the content root or the repository root.</summary>
    public string Package { get; set; } = "sample-configs/b2b-saas";

    /// <summary>
    /// What happens at start when a version is already published: <c>never</c> (the default) leaves it,
    /// <c>ifChanged</c> publishes the package folder through every check when its files differ from the
    /// active version's, and refuses to start when it is refused.
    /// </summary>
    public PublishOnStart PublishOnStart { get; set; } = PublishOnStart.Never;

    public DemoOptions Demo { get; set; } = new();

    public FirstAdminOptions Admin { get; set; } = new();

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();
}

/// <summary>Whether the package folder is published at start over an existing version (<see cref="FunnelStudioOptions.PublishOnStart"/>).</summary>
public enum PublishOnStart { Never, IfChanged }

/// <summary>
/// Behind a reverse proxy (TLS ends there): whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// to believe, besides loopback's. Headers from anyone else are ignored.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>Demo data created on first start with an empty database.</summary>
public sealed class DemoOptions
{
    /// <summary>Seed the demo users and records; unset means only in the Development environment (<c>dotnet run</c>).</summary>
    public bool? Seed { get; set; }

    /// <summary>
    /// The demo users' password; when unset one is generated — and shown once in the log only in
    /// Development: elsewhere no password is ever logged.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Seed only the first N of the package's demo records (0: the users only); unset: all of them.</summary>
    public int? Records { get; set; }
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
