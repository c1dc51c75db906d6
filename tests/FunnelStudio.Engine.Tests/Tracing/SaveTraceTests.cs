using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Saving;
using FunnelStudio.Tracing;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Tracing;

public sealed class SaveTraceTests
{
    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task Create_ThatPasses_IsTracedAsSavedWithAPassedValidationStepAndNoGate()
    {
        var result = await _fixture.CreateDealAsync(Rep, new { name = "Traced", source = "website" });

        var trace = Assert.Single(_fixture.Traces.Traces);
        Assert.Equal(("deal", "create", "rep1", "saved"), (trace.Object, trace.Operation, trace.UserId, trace.Outcome));
        Assert.Equal(result.Record!.Id, trace.RecordId);
        Assert.Equal(1, trace.ConfigVersion);
        Assert.True(trace.DurationMs >= 0);
        var step = Assert.Single(trace.Steps);
        Assert.Equal((TraceKinds.Rules, "validation", TraceDecisions.Passed, (string?)null), (step.Kind, step.Name, step.Decision, step.Detail));
        Assert.False(trace.ScriptFailed);
    }

    [Fact]
    public async Task Create_RefusedByRules_IsTracedWithTheRulesThatFailed()
    {
        var result = await _fixture.CreateDealAsync(Rep, new { source = "website", discount = 40 });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var trace = Assert.Single(_fixture.Traces.Traces);
        Assert.Equal("refused:validationFailed", trace.Outcome);
        Assert.Null(trace.RecordId);
        var step = Assert.Single(trace.Steps);
        Assert.Equal((TraceKinds.Rules, TraceDecisions.Refused), (step.Kind, step.Decision));
        Assert.Equal(["discount_needs_manager", "name"], step.Detail!.Split(", ").Order().ToArray());
    }

    [Fact]
    public async Task MoveStage_WithUnmetExitCriteria_IsTracedAsARefusedGateNamingEveryBlockingRule()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Deal", source = "event" })).Record!;

        await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Id, ToStage = "mql", ExpectedVersion = created.Version,
        }, CancellationToken.None);

        var trace = _fixture.Traces.Traces[^1];
        Assert.Equal(("moveStage", "refused:stageBlocked", created.Id), (trace.Operation, trace.Outcome, trace.RecordId));
        Assert.Equal([TraceKinds.Rules, TraceKinds.Gate], trace.Steps.Select(s => s.Kind).ToArray());
        Assert.Equal(TraceDecisions.Passed, trace.Steps[0].Decision);
        var gate = trace.Steps[1];
        Assert.Equal(("lead→mql", TraceDecisions.Refused), (gate.Name, gate.Decision));
        Assert.Equal(["first_contact_held (lead)", "fits_icp (lead)"], gate.Detail!.Split(", ").Order().ToArray());
    }

    [Fact]
    public async Task MoveStage_ThatPasses_IsTracedAsAPassedGateWithTheStagesWhoseExitCriteriaWereChecked()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Deal", source = "event", amount = 1000 })).Record!;

        await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Id, ToStage = "mql", ExpectedVersion = created.Version,
            FormValues = new Dictionary<string, string?> { ["first_contact_at"] = "2026-05-01T10:00:00Z", ["icp_fit"] = "true" },
        }, CancellationToken.None);

        var trace = _fixture.Traces.Traces[^1];
        Assert.Equal("saved", trace.Outcome);
        var gate = Assert.Single(trace.Steps, s => s.Kind == TraceKinds.Gate);
        Assert.Equal(("lead→mql", TraceDecisions.Passed, "exit: lead"), (gate.Name, gate.Decision, gate.Detail));
    }

    [Fact]
    public async Task SavesThatRunNoRule_AndSeedSaves_AreNotTraced()
    {
        var missing = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Update, Rep)
        {
            RecordId = Guid.NewGuid(), JsonValues = PipelineFixture.Json(new { name = "Nobody" }),
        }, CancellationToken.None);
        var seeded = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, ActingUser.System)
        {
            JsonValues = PipelineFixture.Json(new { name = "Seeded", source = "event", owner = "rep1" }), Source = SaveSource.Seed,
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.NotFound, missing.Status);
        Assert.Equal(SaveStatus.Saved, seeded.Status);
        Assert.Empty(_fixture.Traces.Traces);
    }
}
