using FunnelStudio.Loading;
using FunnelStudio.Rules;

namespace FunnelStudio.Benchmarks.Scripting;

/// <summary>The stage-gate benchmark package with (or without) one 20-line beforeSave hook on deal.</summary>
internal static class HookPackage
{
    /// <summary>Twenty lines of what a real guard does: read fields, compute a score, check a limit, set a value.</summary>
    public const string Hook = """
        export function check(ctx) {
          const r = ctx.record;
          const weights = { website: 10, referral: 30, event: 20 };
          let score = weights[r.source] || 0;
          if (r.amount > 100000) score += 20;
          else if (r.amount > 10000) score += 10;
          if (r.budget_confirmed) score += 15;
          if (r.decision_maker) score += 10;
          const isNew = ctx.old === null;
          if (!isNew && ctx.old.amount !== r.amount) score += 5;
          const maxDiscount = ctx.user.roles.includes('manager') ? 40 : 20;
          if (r.discount > maxDiscount) {
            ctx.addError('discount', 'Discount over ' + maxDiscount + '% needs approval.');
            return;
          }
          if (score > 100) score = 100;
          if (score < 0) score = 0;
          ctx.set('seats', score);
        }
        export function noop(ctx) {}
        """;

    public static CompiledPackage Load(bool withHook)
    {
        var result = PackageLoader.Load(new MemoryPackageSource(Files(withHook), "benchmark"));
        return result.Package ?? throw new InvalidOperationException(string.Join("\n", result.Errors));
    }

    public static Dictionary<string, string> Files(bool withHook)
    {
        var files = PackageFiles.ReadAll(PackageSources.Folder(RepoPaths.StageGatePackage)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var root = System.Text.Json.Nodes.JsonNode.Parse(files["package.json"])!.AsObject();
        root["roles"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "name": "admin", "label": "Admin", "admin": true }]""");
        files["package.json"] = root.ToJsonString();
        if (withHook)
        {
            files["scripts/guard.js"] = Hook;
            var package = System.Text.Json.Nodes.JsonNode.Parse(files["package.json"])!.AsObject();
            package["hooks"] = System.Text.Json.Nodes.JsonNode.Parse("""[{ "event": "beforeSave", "object": "deal", "script": "scripts/guard.js", "function": "check" }]""");
            files["package.json"] = package.ToJsonString();
        }
        return files;
    }
}
