using System.Diagnostics;
using FunnelStudio.Diagnostics;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Scripting.ScriptPackages;

namespace FunnelStudio.Engine.Tests.Scripting;

/// <summary>
/// Hostile beforeSave hooks: each save is refused with SCRIPT_FAILED within the time limit plus a
/// margin, nothing is written, and the process (this test host) goes on to the next save.
/// </summary>
public sealed class SandboxTests
{
    private const int TimeoutMs = 300;

    public static TheoryData<string, string> Attacks => new()
    {
        { "endless loop", "export function check(ctx) { while (true) {} }" },
        { "deep recursion", "export function check(ctx) { const f = n => f(n + 1) + 1; return f(0); }" },
        { "recursion through a getter", "export function check(ctx) { const o = { get x() { return this.x; } }; return o.x; }" },
        { "recursion through valueOf", "export function check(ctx) { const o = { valueOf() { return o + 1; } }; return o + 1; }" },
        { "allocation in a loop", "export function check(ctx) { const a = []; while (true) a.push('x'.repeat(1000) + a.length); }" },
        { "huge join", "export function check(ctx) { return new Array(1e8).join(); }" },
        { "eval", "export function check(ctx) { return eval('1 + 1'); }" },
        { "Function constructor", "export function check(ctx) { return Function('return 1')(); }" },
        { "System namespace", "export function check(ctx) { if (typeof System === 'undefined') throw new Error('no CLR: ' + typeof System); }" },
        { "importNamespace", "export function check(ctx) { return importNamespace('System.IO'); }" },
        { "GetType on a host function", "export function check(ctx) { return ctx.set.GetType(); }" },
        { "writing to the record", "export function check(ctx) { ctx.record.amount = 1; }" },
        { "writing to the user", "export function check(ctx) { ctx.user.roles.push('admin'); }" },
        { "replacing a ctx function", "export function check(ctx) { ctx.addError = () => {}; }" },
        { "replacing a ctx function where ctx inherits it", "export function check(ctx) { Object.getPrototypeOf(ctx).addError = () => {}; }" },
        { "giving ctx another prototype", "export function check(ctx) { Object.setPrototypeOf(ctx, { addError() {} }); }" },
        { "writing to the settings", "export function check(ctx) { ctx.settings.limit = 100; }" },
        { "adding to the old record", "export function check(ctx) { ctx.record.extra = 1; }" },
        { "polluting Object.prototype", "export function check(ctx) { Object.prototype.polluted = true; }" },
    };

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task HostileHook_IsRefusedWithScriptFailed_InTime_AndWritesNothing(string attack, string script)
    {
        var (service, store) = Pipeline(WithHook(script).Compile(), new() { TimeoutMs = TimeoutMs });
        await WarmUpAsync();

        var watch = Stopwatch.StartNew();
        var result = await CreateDealAsync(service, new { name = "Attack: " + attack });
        watch.Stop();

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var violation = Assert.Single(result.Violations, v => v.Code == "SCRIPT_FAILED");
        Assert.StartsWith("scripts/guard.js", violation.ScriptLocation);
        Assert.Empty(store.Writes);
        // The limit plus 100 ms, plus slack for this shared machine. Recursion through valueOf is no call
        // expression, so only the stack guard stops it; unwinding that stack took 88-277 ms here (see the scripting README).
        var budget = TimeoutMs + 100 + 300;
        Assert.True(watch.ElapsedMilliseconds < budget, $"{attack} took {watch.ElapsedMilliseconds} ms");

        // The host survives and the next save on the same package goes through.
        var (clean, cleanStore) = Pipeline(PackageBuilderFor("export function check(ctx) {}").Compile());
        Assert.Equal(SaveStatus.Saved, (await CreateDealAsync(clean, new { name = "After " + attack })).Status);
        Assert.Single(cleanStore.Writes);
    }

    [Fact]
    public async Task ScriptError_NamesFileLineAndColumn()
    {
        var (service, _) = Pipeline(WithHook("export function check(ctx) {\n  const x = 1;\n  throw new Error('no discount for you');\n}").Compile());

        var result = await CreateDealAsync(service, new { name = "x" });

        var violation = Assert.Single(result.Violations, v => v.Code == "SCRIPT_FAILED");
        Assert.Equal("scripts/guard.js:3:9", violation.ScriptLocation); // where the Error is made
        Assert.Contains("no discount for you", violation.MessageIn("en"));
    }

    [Fact]
    public async Task Limit_NamesWhereTheScriptWas()
    {
        var (service, _) = Pipeline(WithHook("export function check(ctx) {\n  let i = 0;\n  while (true) { i++; }\n}").Compile(), new() { TimeoutMs = 100 });

        var violation = Assert.Single((await CreateDealAsync(service, new { name = "x" })).Violations, v => v.Code == "SCRIPT_FAILED");

        Assert.Matches(@"^scripts/guard\.js:3:\d+$", violation.ScriptLocation);
        Assert.Contains("100 ms", violation.MessageIn("en"));
    }

    [Fact]
    public async Task PrototypePollution_ByOnePackage_IsNotSeenByAnother()
    {
        // Even if a script could add to a built-in (it cannot: they are frozen), each package version has its own engines.
        var polluter = Pipeline(WithHook("export function check(ctx) { try { Object.prototype.flag = 'set'; } catch (e) {} }").Compile()).Service;
        var reader = Pipeline(WithHook("export function check(ctx) { if (({}).flag !== undefined) ctx.addError(null, 'polluted: ' + ({}).flag); }").Compile()).Service;

        Assert.Equal(SaveStatus.Saved, (await CreateDealAsync(polluter, new { name = "a" })).Status);
        Assert.Equal(SaveStatus.Saved, (await CreateDealAsync(reader, new { name = "b" })).Status);
    }

    [Fact]
    public async Task Globals_ASriptAdds_AreGoneAtTheNextRun()
    {
        var (service, _) = Pipeline(WithHook(
            "export function check(ctx) { if (globalThis.counter !== undefined) ctx.addError(null, 'leaked ' + globalThis.counter); globalThis.counter = 1; }").Compile());

        Assert.Equal(SaveStatus.Saved, (await CreateDealAsync(service, new { name = "first" })).Status);
        Assert.Equal(SaveStatus.Saved, (await CreateDealAsync(service, new { name = "second" })).Status);
    }

    [Fact]
    public void SyntaxErrorInAScript_StopsTheLoad_WithFileLineAndColumn()
    {
        var result = WithHook("export function check(ctx) {\n  if (ctx.record.amount > {\n}").Load();

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors, d => d.Code == DiagnosticCodes.ScriptSyntaxError.Id);
        Assert.Equal("scripts/guard.js", error.File);
        Assert.Equal(3, error.Line); // the parser meets the missing ')' at the closing brace
        Assert.NotNull(error.Column);
    }

    [Fact]
    public void HookNamingAMissingExport_OrObject_OrEvent_IsReportedAtLoad()
    {
        var result = WithHook("export function other(ctx) {}", function: "check", evt: "beforeLunch").Load();

        Assert.Contains(result.Errors, d => d.Code == DiagnosticCodes.UnknownScriptFunction.Id && d.Path == "$.hooks[0].function");
        Assert.Contains(result.Errors, d => d.Code == DiagnosticCodes.UnknownHookEvent.Id && d.Path == "$.hooks[0].event");
    }

    [Fact]
    public void ActionIcon_ThatIsNotAnIconName_IsRefusedAtLoad()
    {
        var result = WithHook("export function check(ctx) {}").EditPackage(p => p["actions"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "go", ["object"] = "deal", ["script"] = "scripts/guard.js", ["function"] = "check", ["icon"] = "x\" onclick=\"alert(1)",
            })).Load();

        Assert.Contains(result.Errors, d => d.Code == DiagnosticCodes.InvalidValue.Id && d.Path == "$.actions[0].icon");
    }

    [Fact]
    public void ScriptImportingAModule_IsRefusedAtLoad()
    {
        var result = WithHook("import fs from 'fs';\nexport function check(ctx) {}").Load();

        Assert.Contains(result.Errors, d => d.Code == DiagnosticCodes.ScriptImportNotAllowed.Id && d.File == "scripts/guard.js");
    }

    // The first engine of the process pays for JIT-compiling Jint; that is not the script's time.
    private static async Task WarmUpAsync()
    {
        var (service, _) = Pipeline(WithHook("export function check(ctx) { ctx.log(ctx.record.name); }").Compile());
        await CreateDealAsync(service, new { name = "warm-up" });
    }

    private static Support.PackageBuilder PackageBuilderFor(string script) => WithHook(script);
}
