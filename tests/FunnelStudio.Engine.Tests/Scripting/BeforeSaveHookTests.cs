using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Scripting.ScriptPackages;

namespace FunnelStudio.Engine.Tests.Scripting;

public sealed class BeforeSaveHookTests
{
    [Fact]
    public async Task Hook_SettingAField_IsSaved_AndTraced()
    {
        var (service, store) = Pipeline(WithHook(
            "export function check(ctx) { if (ctx.record.source === 'referral') ctx.set('discount', 5); ctx.log('checked', ctx.user.id); }").Compile());

        var result = await CreateDealAsync(service, new { name = "Referral deal", source = "referral" });

        Assert.Equal(SaveStatus.Saved, result.Status);
        Assert.Equal(5m, result.Record!.Values["discount"]);
        Assert.Equal(5m, Assert.Single(store.Writes).Record.Values["discount"]);
    }

    [Fact]
    public async Task Hook_AddingAnError_RefusesTheSave_WithTheFieldAndMessage_AndWritesNothing()
    {
        var (service, store) = Pipeline(WithHook(
            "export function check(ctx) { if (!(ctx.record.amount > 0)) ctx.addError('amount', 'Give the deal an amount.'); }").Compile());

        var result = await CreateDealAsync(service, new { name = "No amount" });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(("SCRIPT_FAILED", "amount", "Give the deal an amount."), (violation.Code, violation.Field, violation.MessageIn("en")));
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task ValueASriptSets_IsValidatedAgain()
    {
        var (service, store) = Pipeline(WithHook("export function check(ctx) { ctx.set('discount', 250); }").Compile());

        var result = await CreateDealAsync(service, new { name = "Too much" });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        Assert.Contains(result.Violations, v => v.Code == "SCRIPT_FAILED" && v.MessageIn("en").Contains("discount"));
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task SettingAFieldTheObjectLacks_FailsTheScript()
    {
        var (service, store) = Pipeline(WithHook("export function check(ctx) { ctx.set('no_such_field', 1); }").Compile());

        var result = await CreateDealAsync(service, new { name = "x" });

        Assert.Contains(result.Violations, v => v.Code == "SCRIPT_FAILED" && v.MessageIn("en").Contains("no_such_field"));
        Assert.Empty(store.Writes);
    }

    [Fact]
    public async Task AfterSaveHook_IsQueuedInTheSavesOutbox_NotRunInline()
    {
        var (service, store) = Pipeline(WithHook("export function notify(ctx) { throw new Error('must not run inside the save'); }",
            function: "notify", evt: "afterSave").Compile());

        var result = await CreateDealAsync(service, new { name = "Queued" });

        Assert.Equal(SaveStatus.Saved, result.Status);
        var message = Assert.Single(Assert.Single(store.Writes).Outbox);
        Assert.Equal("script.hook", message.Kind);
        Assert.Equal(result.Record!.Id, message.RecordId);
        Assert.Contains("\"Event\":\"afterSave\"", message.Payload);
    }
}
