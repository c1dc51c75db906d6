using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.TestSupport;

namespace FunnelStudio.Portal.Tests.Scripts;

/// <summary>
/// A portal on a variant of b2b-saas with a deal <c>beforeSave</c> hook and a deal action, both
/// driven by the deal's <c>timeline</c> text: <c>stamp</c> sets <c>decision_maker</c>, <c>refuse</c> calls
/// <c>ctx.addError</c>, <c>loop</c> never ends. The action <c>mark</c> (admins and managers only, with a
/// confirm question) sets <c>timeline</c>.
/// </summary>
public abstract class ScriptPortal(DatabaseProvider database) : PortalServer(database)
{
    public const string Stamped = "Stamped by hook";
    public const string Marked = "Marked by action";
    public const string Action = "mark";
    public const int TimeoutMs = 500;

    private readonly PackageVariant _variant = PackageVariant.Of("b2b-saas")
        .Without("tests")
        .Write("scripts/test-hooks.js", $$"""
            export function guard(ctx) {
              if (ctx.record.timeline === 'loop') { while (true) {} }
              if (ctx.record.timeline === 'refuse') ctx.addError('timeline', 'Refused by the test hook.');
              if (ctx.record.timeline === 'stamp') ctx.set('decision_maker', '{{Stamped}}');
            }
            export function mark(ctx) {
              ctx.log('marking', ctx.record.name);
              ctx.set('timeline', '{{Marked}}');
            }
            """)
        .Edit("package.json", p =>
        {
            p["hooks"] = new JsonArray(new JsonObject
            {
                ["event"] = "beforeSave", ["object"] = "deal", ["script"] = "scripts/test-hooks.js", ["function"] = "guard", ["order"] = 1,
            });
            p["actions"] = new JsonArray(new JsonObject
            {
                ["name"] = Action, ["object"] = "deal", ["script"] = "scripts/test-hooks.js", ["function"] = "mark",
                ["label"] = new JsonObject { ["en"] = "Mark it", ["zh-CN"] = "标记" },
                ["icon"] = "check2-circle",
                ["confirm"] = new JsonObject { ["en"] = "Mark this deal?", ["zh-CN"] = "标记此商机？" },
                ["roles"] = new JsonArray("admin", "manager"),
            });
        });

    protected override string? Package => _variant.Path;

    protected override int DemoRecordCount => 0;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("FunnelStudio:Scripting:TimeoutMs", TimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _variant.Dispose();
    }
}

public sealed class SqliteScriptPortal() : ScriptPortal(new SqliteDatabase());

public sealed class PostgresScriptPortal() : ScriptPortal(new PostgresDatabase());
