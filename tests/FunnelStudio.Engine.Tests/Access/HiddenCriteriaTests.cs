using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Access;

/// <summary>
/// A field hidden from a role (b2b-saas with the amount, its weighted amount and the close date
/// hidden from reps) is absent from what they read and from what they are told about criteria.
/// </summary>
public sealed class HiddenCriteriaTests
{
    private static readonly Lazy<FunnelStudio.Rules.CompiledPackage> Variant = new(() =>
        PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"))
            .EditPackage(p =>
            {
                var fields = p["roles"]![2]!["permissions"]!["deal"]!["fields"]!.AsObject();
                fields["amount"] = "hidden";
                fields["weighted_amount"] = "hidden";
                fields["close_date"] = "hidden";
            })
            .Compile());

    private readonly PipelineFixture _fixture = new(Variant.Value);

    /// <summary>A deal in SQL, created by the manager for the rep, with an amount and a close date the rep cannot see.</summary>
    private async Task<StoredRecord> DealInSqlAsync()
    {
        var created = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, Manager)
        {
            JsonValues = PipelineFixture.Json(new
            {
                name = "Hidden amount", owner = "rep1", source = "website", amount = 250000, close_date = "2030-01-31",
                first_contact_at = "2026-01-05T10:00:00Z", icp_fit = true, need_confirmed = true, willing_to_talk = true,
            }),
            ToStage = "sql",
        }, CancellationToken.None);
        Assert.True(created.Succeeded, string.Join("; ", created.Violations.Select(v => v.Rule)));
        return created.Record!;
    }

    [Fact]
    public async Task Read_ByARoleTheFieldIsHiddenFrom_LeavesItAndItsAmountOut()
    {
        var deal = await DealInSqlAsync();

        var read = await _fixture.Service.GetAsync("deal", deal.Id, Rep, CancellationToken.None);
        var history = await _fixture.Service.StageHistoryAsync("deal", deal.Id, Rep, CancellationToken.None);

        Assert.Equal(ReadStatus.Found, read.Status);
        Assert.False(read.Record!.Values.ContainsKey("amount"));
        Assert.False(read.Record.Values.ContainsKey("weighted_amount"));
        Assert.Null(read.Record.Amount);
        Assert.All(history, h => Assert.Null(h.Amount));
        var managers = await _fixture.Service.StageHistoryAsync("deal", deal.Id, Manager, CancellationToken.None);
        Assert.All(managers, h => Assert.Equal(250000m, h.Amount));
    }

    [Fact]
    public async Task Checklist_ForTheRole_FoldsTheCriteriaOnHiddenFieldsIntoOneItem()
    {
        var deal = await DealInSqlAsync();

        var rep = (await _fixture.Service.ChecklistAsync("deal", deal.Id, "won", Rep, "en", CancellationToken.None)).Checklist!;
        var manager = (await _fixture.Service.ChecklistAsync("deal", deal.Id, "won", Manager, "en", CancellationToken.None)).Checklist!;

        // The manager sees everything, the rep nothing about the amount or the close date: no item
        // names them, and the folded item is met (both are filled) without saying which it was.
        Assert.DoesNotContain(manager.Items, i => i.Name == HiddenCriteria.Name);
        Assert.Contains(manager.Items, i => i.Field == "amount");
        Assert.DoesNotContain(rep.Items, i => i.Field is "amount" or "close_date" or "weighted_amount");
        var folded = Assert.Single(rep.Items, i => i.Name == HiddenCriteria.Name);
        Assert.True(folded.Passed);
        Assert.Null(folded.Field);
        Assert.Equal(manager.Items.Where(i => i.Field is not ("amount" or "close_date")).Select(i => i.Name),
            rep.Items.Where(i => i.Name != HiddenCriteria.Name).Select(i => i.Name));
        Assert.Equal(manager.Ready, rep.Ready);
    }

    [Fact]
    public async Task Move_BlockedOnAHiddenField_TellsTheRoleOnlyThatHiddenCriteriaAreUnmet()
    {
        var created = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, Rep)
        {
            JsonValues = PipelineFixture.Json(new { name = "No amount", source = "website", first_contact_at = "2026-01-05T10:00:00Z", icp_fit = true,
                need_confirmed = true, willing_to_talk = true }),
            ToStage = "mql",
        }, CancellationToken.None);
        Assert.True(created.Succeeded, string.Join("; ", created.Violations.Select(v => v.Rule)));

        var move = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Rep)
        {
            RecordId = created.Record!.Id, ToStage = "opportunity",
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.StageBlocked, move.Status);
        Assert.DoesNotContain(move.Violations, v => v.Field is "amount" or "close_date" || v.Rule is "amount" or "close_date");
        var folded = Assert.Single(move.Violations, v => v.Rule == HiddenCriteria.Name);
        Assert.Null(folded.Field);
        Assert.Contains(move.Violations, v => v.Rule == "bant");
    }
}
