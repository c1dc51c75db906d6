using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>
/// A portal on a variant of b2b-saas with after-commit scripts, delivering its outbox quickly
/// (polled every 100 ms, two attempts, then dead): a deal <c>afterSave</c> hook driven by the deal's
/// <c>timeline</c> (<see cref="Stamp"/> sets <c>decision_maker</c>, <see cref="Throw"/> throws), and the
/// <c>webhook-notify</c> plugin on deal posting WeCom bot texts, signed with <see cref="Secret"/>, to
/// <see cref="Receiver"/> on a loopback port — which only reaches it when private networks are allowed.
/// </summary>
public abstract class AfterCommitPortal : PortalServer
{
    public const string Script = "scripts/after-commit.js";
    public const string Stamp = "stamp after save";
    public const string Stamped = "Stamped after save";
    public const string Throw = "throw after save";
    public const string Thrown = "The after-save hook gave up.";
    /// <summary>Where <see cref="Thrown"/> is thrown in <see cref="Script"/> (line, column).</summary>
    public const string ThrowLocation = Script + ":3:";
    public const string Secret = "s3cret";
    public const int MaxAttempts = 2;

    private readonly bool _allowPrivateNetworks;
    private readonly PackageVariant _variant;

    protected AfterCommitPortal(DatabaseProvider database, bool allowPrivateNetworks) : base(database)
    {
        _allowPrivateNetworks = allowPrivateNetworks;
        Receiver = new WebhookReceiver();
        _variant = PackageVariant.Of("b2b-saas")
            .Without("tests")
            .Write(Script, $$"""
                export function after(ctx) {
                  if (ctx.record.timeline === '{{Stamp}}') ctx.set('decision_maker', '{{Stamped}}');
                  if (ctx.record.timeline === '{{Throw}}') throw new Error('{{Thrown}}');
                }
                """)
            .Edit("package.json", p =>
            {
                p["hooks"] = new JsonArray(new JsonObject
                {
                    ["event"] = "afterSave", ["object"] = "deal", ["script"] = Script, ["function"] = "after", ["order"] = 1,
                });
                p["plugins"]!.AsArray().Add(new JsonObject
                {
                    ["id"] = "webhook-notify",
                    ["objects"] = new JsonArray("deal"),
                    ["settings"] = new JsonObject
                    {
                        ["url"] = Receiver.Url, ["secret"] = Secret, ["format"] = "wecom", ["titleField"] = "name",
                    },
                });
            });
    }

    /// <summary>The webhook-notify plugin's receiver.</summary>
    public WebhookReceiver Receiver { get; }

    protected override string? Package => _variant.Path;

    protected override int DemoRecordCount => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("FunnelStudio:Outbox:PollInterval", "00:00:00.100"),
        new("FunnelStudio:Outbox:MaxAttempts", MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("FunnelStudio:Outbox:BackoffBase", "00:00:00.050"),
        new("FunnelStudio:Webhooks:AllowPrivateNetworks", _allowPrivateNetworks ? "true" : "false"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Receiver.Dispose();
        _variant.Dispose();
    }
}

public sealed class SqliteAfterCommitPortal() : AfterCommitPortal(new SqliteDatabase(), allowPrivateNetworks: true);

public sealed class PostgresAfterCommitPortal() : AfterCommitPortal(new PostgresDatabase(), allowPrivateNetworks: true);

/// <summary>The same portal with private networks refused (the default): the plugin's webhook to loopback must fail.</summary>
public sealed class SqlitePrivateWebhookPortal() : AfterCommitPortal(new SqliteDatabase(), allowPrivateNetworks: false);

public sealed class PostgresPrivateWebhookPortal() : AfterCommitPortal(new PostgresDatabase(), allowPrivateNetworks: false);
