using FunnelStudio.Rules;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

public sealed class SavePipelineTests
{
    private readonly PipelineFixture _fixture = new();

    [Fact]
    public async Task Create_WithValidValues_PersistsAtFirstStageOwnedByCreatorWithStageHistory()
    {
        var result = await _fixture.CreateDealAsync(Rep, new { name = "华为云迁移", amount = 120000, source = "website" });

        Assert.Equal(SaveStatus.Saved, result.Status);
        var record = result.Record!;
        Assert.Equal("lead", record.Stage);
        Assert.Equal("rep1", record.OwnerId);
        Assert.Equal("华为云迁移", record.Title);
        Assert.Equal(120000m, record.Values["amount"]);
        Assert.Equal("DEAL-0001", record.Values["deal_no"]);
        // weighted = amount × lead probability (5%)
        Assert.Equal(6000m, record.Values["weighted_amount"]);
        var history = Assert.Single(_fixture.Store.StageHistory);
        Assert.Null(history.From);
        Assert.Equal("lead", history.To);
        Assert.Equal(120000m, history.Amount);
    }

    [Fact]
    public async Task Create_WithBadValues_ReturnsEveryFieldErrorAndWritesNothing()
    {
        var result = await _fixture.CreateDealAsync(Rep, new
        {
            amount = "lots", discount = 250, nope = 1, weighted_amount = 5, decision_maker_feedback = "ecstatic",
        });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var byField = result.Violations.Where(v => v.Field is not null).Select(v => (v.Field, v.Rule)).ToHashSet();
        Assert.Contains(("amount", "FIELD_TYPE"), byField);
        Assert.Contains(("discount", "FIELD_RANGE"), byField);
        Assert.Contains(("nope", "FIELD_UNKNOWN"), byField);
        Assert.Contains(("weighted_amount", "FIELD_READ_ONLY"), byField);
        Assert.Contains(("decision_maker_feedback", "FIELD_OPTION"), byField);
        Assert.Contains(("name", "name"), byField); // required
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task Create_DirectlyInALaterStage_PassesTheSameGatesAsMovingThere()
    {
        var result = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, Rep)
        {
            JsonValues = PipelineFixture.Json(new { name = "Skip ahead" }), ToStage = "sql",
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.StageBlocked, result.Status);
        Assert.Contains(result.Violations, v => v.Rule == "first_contact_held" && v.Stage == "lead");
        Assert.Contains(result.Violations, v => v.Rule == "initial_need_confirmed" && v.Stage == "mql");
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task MoveStage_WithUnmetExitCriteria_ReturnsEveryBlockingRuleAndWritesNothing()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Deal", source = "event" })).Record!;

        var move = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Id, ToStage = "mql", ExpectedVersion = created.Version,
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.StageBlocked, move.Status);
        Assert.Equal(["first_contact_held", "fits_icp"], move.Violations.Select(v => v.Rule).Order().ToArray());
        Assert.Single(_fixture.Store.Writes);
    }

    [Fact]
    public async Task MoveStage_WithValuesThatMeetTheCriteria_SavesValuesAndMoveTogether()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Deal", source = "event", amount = 1000 })).Record!;

        var move = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Id, ToStage = "mql", ExpectedVersion = created.Version,
            FormValues = new Dictionary<string, string?> { ["first_contact_at"] = "2026-05-01T10:00:00Z", ["icp_fit"] = "true" },
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.Saved, move.Status);
        Assert.Equal("mql", move.Record!.Stage);
        Assert.Equal(100m, move.Record.Values["weighted_amount"]); // 10% of 1000
        var last = _fixture.Store.StageHistory[^1];
        Assert.Equal(("lead", "mql"), (last.From, last.To));
        Assert.NotNull(last.SecondsInPreviousStage);
        Assert.Contains(_fixture.Store.FieldHistory, h => h.Field == "icp_fit" && h.OldValue == "false" && h.NewValue == "true");
    }

    [Fact]
    public async Task Update_FromAStaleVersion_IsAConflictAndTheFirstSaveSurvives()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Deal", source = "event" })).Record!;
        Task<SaveResult> Rename(string name) => _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Update, Rep)
        {
            RecordId = created.Id, ExpectedVersion = created.Version, JsonValues = PipelineFixture.Json(new { name }),
        }, CancellationToken.None);

        var first = await Rename("First");
        var second = await Rename("Second");

        Assert.Equal(SaveStatus.Saved, first.Status);
        Assert.Equal(SaveStatus.Conflict, second.Status);
        var stored = await _fixture.Store.FindAsync("deal", created.Id, CancellationToken.None);
        Assert.Equal("First", stored!.Values["name"]);
    }

    [Fact]
    public async Task Update_AnotherRepsRecord_IsForbiddenButTheirManagerMayEditIt()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Mine", source = "event" })).Record!;
        SaveCommand Rename(ActingUser user) => new("deal", SaveOperation.Update, user) { RecordId = created.Id, JsonValues = PipelineFixture.Json(new { name = "Taken" }) };

        Assert.Equal(SaveStatus.Forbidden, (await _fixture.Service.SaveAsync(Rename(Rep2), CancellationToken.None)).Status);
        Assert.Equal(ReadStatus.Forbidden, (await _fixture.Service.GetAsync("deal", created.Id, Rep2, CancellationToken.None)).Status);
        Assert.Equal(SaveStatus.Saved, (await _fixture.Service.SaveAsync(Rename(Manager), CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Create_ForAnotherOwner_IsForbiddenForARep()
    {
        var result = await _fixture.CreateDealAsync(Rep, new { name = "Gift", source = "event", owner = "rep2" });

        Assert.Equal(SaveStatus.Forbidden, result.Status);
        Assert.Contains(result.Violations, v => v.Field == "owner");
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task Delete_IsSoftAndHidesTheRecord()
    {
        var created = (await _fixture.CreateDealAsync(Rep, new { name = "Gone", source = "event" })).Record!;

        // The sample package lets reps create deals but only their manager delete them.
        var deleted = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Delete, Manager) { RecordId = created.Id }, CancellationToken.None);

        Assert.Equal(SaveStatus.Saved, deleted.Status);
        Assert.True(deleted.Record!.Deleted);
        Assert.Equal(ReadStatus.NotFound, (await _fixture.Service.GetAsync("deal", created.Id, Rep, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Save_ForAnUnknownObject_IsNotFound()
    {
        var result = await _fixture.Service.SaveAsync(new SaveCommand("spaceship", SaveOperation.Create, Rep), CancellationToken.None);
        Assert.Equal(SaveStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Seed_HonoursEffectiveAt_ButUsersCannotBackdate()
    {
        var past = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        var seeded = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, ActingUser.System)
        {
            JsonValues = PipelineFixture.Json(new { name = "Old", source = "event", owner = "rep1" }), Source = SaveSource.Seed, EffectiveAt = past,
        }, CancellationToken.None);
        var api = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, Rep)
        {
            JsonValues = PipelineFixture.Json(new { name = "New", source = "event" }), Source = SaveSource.Api, EffectiveAt = past,
        }, CancellationToken.None);

        Assert.Equal(past, seeded.Record!.CreatedAt);
        Assert.NotEqual(past, api.Record!.CreatedAt);
    }
}
