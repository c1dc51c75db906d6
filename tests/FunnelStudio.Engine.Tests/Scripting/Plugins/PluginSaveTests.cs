using System.Text.Json;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Saving;
using FunnelStudio.Scripting;
using FunnelStudio.Scripting.Hooks;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Scripting.Plugins;

public sealed class PluginSaveTests
{
    private const string Entries = """
        [
          { "id": "lead-scoring", "objects": ["deal"], "settings": { "scoreField": "lead_score", "max": 100, "rules": [
              { "field": "source", "values": { "Referral": 30, "website": 10 } },
              { "field": "amount", "atLeast": [ { "value": 1000, "points": 5 }, { "value": 100000, "points": 25 } ] },
              { "field": "icp_fit", "whenSet": 20 } ] } },
          { "id": "dedupe-guard", "objects": ["contact", "account"], "settings": { "fields": ["email", "phone", "name"] } },
          { "id": "discount-guard", "objects": ["deal"], "settings": { "field": "discount", "limits": { "rep": 20, "manager": 40 }, "default": 0 } },
          { "id": "webhook-notify", "objects": ["deal"], "settings": { "url": "https://hooks.example.com/x", "secret": "s3", "format": "wecom", "titleField": "name" } }
        ]
        """;

    private static readonly Lazy<global::FunnelStudio.Rules.CompiledPackage> Package = new(() => PluginPackage.Builder(Entries).Compile());

    private readonly PipelineFixture _fixture = PluginPackage.Fixture(Package.Value);

    [Fact]
    public async Task LeadScoring_OnCreate_WritesTheWeightedScoreFromSettings()
    {
        var result = await _fixture.CreateDealAsync(Rep, new { name = "Acme", source = "referral", amount = 200000, icp_fit = true });

        Assert.Equal(SaveStatus.Saved, result.Status);
        Assert.Equal(75m, result.Record!.Values["lead_score"]); // 30 + 25 + 20
    }

    [Fact]
    public async Task LeadScoring_OnUpdate_RecomputesOverAValueTypedByHand()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Acme", source = "website" })).Record!;
        Assert.Equal(10m, created.Values["lead_score"]);

        var updated = await _fixture.UpdateAsync(created, Rep, new { lead_score = 99, amount = 5000 });

        Assert.Equal(SaveStatus.Saved, updated.Status);
        Assert.Equal(15m, updated.Record!.Values["lead_score"]);
    }

    [Fact]
    public async Task DedupeGuard_NewAccountWithTheSameNameIgnoringCase_IsRefusedNamingTheMatch()
    {
        Assert.Equal(SaveStatus.Saved, (await _fixture.CreateAsync("account", Rep, new { name = "Acme Ltd", phone = "010-1234-5678" })).Status);

        var duplicate = await _fixture.CreateAsync("account", Rep2, new { name = "  acme ltd ", phone = "021-8765-4321" });

        Assert.Equal(SaveStatus.ValidationFailed, duplicate.Status);
        var violation = Assert.Single(duplicate.Violations);
        Assert.Equal(BeforeSaveScriptsStep.Code, violation.Code);
        Assert.Equal("name", violation.Field);
        Assert.Contains("Acme Ltd", violation.Message.Get("en"));
        Assert.Single(_fixture.Store.Writes);
    }

    [Fact]
    public async Task DedupeGuard_NewContactWithTheSamePhoneDigits_IsRefused_AndADifferentOneSaves()
    {
        Assert.Equal(SaveStatus.Saved, (await _fixture.CreateAsync("contact", Rep, new { last_name = "Wang", first_name = "Li", phone = "+86 138-0000-0000" })).Status);

        var duplicate = await _fixture.CreateAsync("contact", Rep, new { last_name = "Zhang", first_name = "San", phone = "8613800000000" });
        var other = await _fixture.CreateAsync("contact", Rep, new { last_name = "Zhao", first_name = "Si", phone = "+86 139-0000-0000" });

        Assert.Equal(SaveStatus.ValidationFailed, duplicate.Status);
        var violation = Assert.Single(duplicate.Violations);
        Assert.Equal((BeforeSaveScriptsStep.Code, "phone"), (violation.Code, violation.Field));
        Assert.Contains("Wang", violation.Message.Get("en"));
        Assert.Equal(SaveStatus.Saved, other.Status);
    }

    [Theory]
    [InlineData("rep", 20, true)]
    [InlineData("rep", 25, false)]
    [InlineData("manager", 40, true)]
    [InlineData("manager", 45, false)]
    public async Task DiscountGuard_AllowsUpToTheRolesLimit_AndRefusesAbove(string role, int discount, bool saved)
    {
        var user = role == "rep" ? Rep : Manager;

        var result = await _fixture.CreateDealAsync(user, new { name = "Acme", discount });

        if (saved)
        {
            Assert.Equal(SaveStatus.Saved, result.Status);
            return;
        }
        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        Assert.Contains(result.Violations, v => v.Code == BeforeSaveScriptsStep.Code && v.Field == "discount" && v.Message.Get("en").Contains($"limit of {(role == "rep" ? 20 : 40)}"));
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task WebhookNotify_OnAStageChange_QueuesAWeComTextMessageSignedWithTheSecret()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Acme", source = "event" })).Record!;

        var move = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Id, ToStage = "mql", ExpectedVersion = created.Version,
            FormValues = new Dictionary<string, string?> { ["first_contact_at"] = "2026-05-01T10:00:00Z", ["icp_fit"] = "true" },
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.Saved, move.Status);
        var message = Assert.Single(_fixture.Store.Writes[^1].Outbox, m => m.Kind == HookMessages.Kind);
        var hook = JsonSerializer.Deserialize<HookPayload>(message.Payload)!;
        Assert.Equal(("onStageChange", "webhook-notify", "lead", "mql"), (hook.Event, hook.Plugin, hook.FromStage, hook.ToStage));

        // What the after-commit handler does with the message: run the hook with the stage move.
        var capture = new WebhookCapture();
        var run = new ScriptRunner(PluginPackage.Options).Run(Package.Value.Scripts, new ScriptRun(hook.Script, hook.Function, hook.RecordJson)
        {
            OldJson = hook.OldJson, UserJson = hook.UserJson, SettingsJson = Package.Value.Scripts.SettingsJson(hook.Plugin),
            Object = hook.Object, Event = hook.Event,
            StageJson = JsonSerializer.Serialize(new { from = hook.FromStage, to = hook.ToStage }),
        }, capture, hook.Plugin);

        Assert.Null(run.Error);
        var (url, body, secret) = Assert.Single(capture.Webhooks);
        Assert.Equal(("https://hooks.example.com/x", "s3"), (url, secret));
        using var json = JsonDocument.Parse(body);
        Assert.Equal("text", json.RootElement.GetProperty("msgtype").GetString());
        Assert.Equal("deal Acme: lead → mql (Rep One)", json.RootElement.GetProperty("text").GetProperty("content").GetString());
    }
}
