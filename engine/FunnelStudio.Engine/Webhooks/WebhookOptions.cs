namespace FunnelStudio.Webhooks;

/// <summary><c>FunnelStudio:Webhooks</c>: how the outbox posts webhooks.</summary>
public sealed class WebhookOptions
{
    public const string Section = "FunnelStudio:Webhooks";

    /// <summary>
    /// Whether a webhook may go to loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local or
    /// unspecified addresses. Off by default: a package must not turn the server into a way into its own
    /// network. Checked on the address actually connected to, so a DNS name cannot get round it.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Time for one delivery, in seconds (1 to 120, default 10).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    public IReadOnlyList<string> Validate() =>
        TimeoutSeconds is < 1 or > 120 ? [$"{Section}:TimeoutSeconds must be between 1 and 120."] : [];
}
