using System.Text.Json.Nodes;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>
/// The sample package's roles through the save pipeline and the reads: reps own their deals, their
/// manager reaches the team's, finance reads every deal and writes only the payment confirmation.
/// </summary>
public sealed class PermissionPipelineTests
{
    private readonly PipelineFixture _fixture = new();

    private Task<SaveResult> UpdateAsync(ActingUser user, Guid id, object values) =>
        _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Update, user) { RecordId = id, JsonValues = PipelineFixture.Json(values) }, CancellationToken.None);

    private async Task<StoredRecord> DealOfAsync(ActingUser owner) =>
        (await _fixture.CreateDealAsync(owner, new { name = "Deal of " + owner.Id, source = "event", amount = 1000 })).Record!;

    [Fact]
    public async Task ARep_WritingPaymentConfirmed_IsRefusedWithFieldForbidden_AndNothingIsWritten()
    {
        var deal = await DealOfAsync(Rep);
        var writes = _fixture.Store.Writes.Count;

        var result = await UpdateAsync(Rep, deal.Id, new { payment_confirmed = true, amount = 2000 });

        Assert.Equal(SaveStatus.Forbidden, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(("FIELD_FORBIDDEN", "payment_confirmed"), (violation.Code, violation.Field));
        Assert.Equal(writes, _fixture.Store.Writes.Count);
    }

    [Fact]
    public async Task ARep_EchoingTheValueTheyMayOnlyRead_IsNotAChange()
    {
        var deal = await DealOfAsync(Rep);

        var result = await UpdateAsync(Rep, deal.Id, new { payment_confirmed = false, amount = 2000 });

        Assert.Equal(SaveStatus.Saved, result.Status);
        Assert.Equal(2000m, result.Record!.Values["amount"]);
    }

    [Fact]
    public async Task Finance_ConfirmsThePaymentOnARepsDeal_ButMayNotChangeAnythingElse()
    {
        var deal = await DealOfAsync(Rep);

        var confirmed = await UpdateAsync(Finance, deal.Id, new { payment_confirmed = true });
        var amount = await UpdateAsync(Finance, deal.Id, new { amount = 1 });
        var create = await _fixture.CreateDealAsync(Finance, new { name = "Finance's own deal", source = "event" });

        Assert.Equal(SaveStatus.Saved, confirmed.Status);
        Assert.Equal(true, confirmed.Record!.Values["payment_confirmed"]);
        Assert.Equal(SaveStatus.Forbidden, amount.Status);
        Assert.Equal("amount", Assert.Single(amount.Violations).Field);
        Assert.Equal(SaveStatus.Forbidden, create.Status);
        Assert.Equal("FORBIDDEN", Assert.Single(create.Violations).Code);
    }

    [Fact]
    public async Task Finance_MayNotMoveADeal_TheStageIsOnlyReadable()
    {
        var deal = await DealOfAsync(Rep);

        var result = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, Finance)
        {
            RecordId = deal.Id, ToStage = "lost", JsonValues = PipelineFixture.Json(new { lost_reason = "price" }),
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.Forbidden, result.Status);
        Assert.Contains(result.Violations, v => v.Code == "FIELD_FORBIDDEN" && v.Field == "stage");
    }

    [Fact]
    public async Task ARep_CannotReadOrChangeAnotherRepsDeal_TheirManagerCan()
    {
        var deal = await DealOfAsync(Rep2);

        Assert.Equal(ReadStatus.Forbidden, (await _fixture.Service.GetAsync("deal", deal.Id, Rep, CancellationToken.None)).Status);
        Assert.Equal(SaveStatus.Forbidden, (await UpdateAsync(Rep, deal.Id, new { amount = 5 })).Status);
        Assert.Equal(SaveStatus.Saved, (await UpdateAsync(Manager, deal.Id, new { amount = 5 })).Status);
        var outsider = new ActingUser("mgr2", "Other manager", ["manager"]) { TeamIds = ["rep9"] };
        Assert.Equal(ReadStatus.Forbidden, (await _fixture.Service.GetAsync("deal", deal.Id, outsider, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Lists_HoldOnlyTheRecordsTheRoleReaches()
    {
        await DealOfAsync(Rep);
        await DealOfAsync(Rep2);

        var rep = await _fixture.Service.QueryAsync(new RecordQuery("deal"), Rep, CancellationToken.None);
        var manager = await _fixture.Service.QueryAsync(new RecordQuery("deal"), Manager, CancellationToken.None);
        var finance = await _fixture.Service.QueryAsync(new RecordQuery("deal"), Finance, CancellationToken.None);

        Assert.All(rep.Items, r => Assert.Equal("rep1", r.OwnerId));
        Assert.Equal(["rep1", "rep2"], manager.Items.Select(r => r.OwnerId!).Distinct().Order());
        Assert.Null(_fixture.Store.LastQuery!.VisibleOwners); // finance's query: every owner
        Assert.Equal(2, finance.Total);
    }

    [Fact]
    public async Task GivingARecordAway_NeedsTheNewOwnerWithinTheEditScope()
    {
        var deal = await DealOfAsync(Rep);

        var byRep = await UpdateAsync(Rep, deal.Id, new { owner = "rep2" });
        var outsideTeam = await UpdateAsync(Manager, deal.Id, new { owner = "fin" });
        var withinTeam = await UpdateAsync(Manager, deal.Id, new { owner = "rep2" });

        Assert.Equal(SaveStatus.Forbidden, byRep.Status);
        Assert.Equal(("FIELD_FORBIDDEN", "owner"), (Assert.Single(byRep.Violations).Code, byRep.Violations[0].Field));
        Assert.Equal(SaveStatus.Forbidden, outsideTeam.Status);
        Assert.Equal(SaveStatus.Saved, withinTeam.Status);
        Assert.Equal("rep2", withinTeam.Record!.OwnerId);
    }

    [Fact]
    public async Task ClearingTheOwner_IsRefused_AnOwnedRecordMustHaveOne()
    {
        var deal = await DealOfAsync(Rep);

        var result = await UpdateAsync(Manager, deal.Id, new { owner = "" });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        Assert.Contains(result.Violations, v => v.Field == "owner" && v.Kind == ViolationKind.RequiredField);
    }

    [Fact]
    public async Task References_MustResolve_ToALiveRecordAndAnActiveUser()
    {
        var account = await _fixture.Service.SaveAsync(new SaveCommand("account", SaveOperation.Create, Rep)
        {
            JsonValues = PipelineFixture.Json(new { name = "Huarui", phone = "021-5555" }),
        }, CancellationToken.None);
        Assert.Equal(SaveStatus.Saved, account.Status);

        var linked = await _fixture.CreateDealAsync(Rep2, new { name = "Linked", account = account.Record!.Id.ToString() });
        var missing = await _fixture.CreateDealAsync(Rep, new { name = "Missing", account = Guid.NewGuid().ToString() });
        var notAnId = await _fixture.CreateDealAsync(Rep, new { name = "Text", account = "Huarui" });
        var inactive = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Create, ActingUser.System)
        {
            JsonValues = PipelineFixture.Json(new { name = "For a former rep", owner = "gone" }),
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.Saved, linked.Status); // reps read every account
        foreach (var refused in new[] { missing, notAnId, inactive })
        {
            Assert.Equal(SaveStatus.ValidationFailed, refused.Status);
            Assert.Contains(refused.Violations, v => v.Code == "FIELD_REFERENCE");
        }
    }

    [Fact]
    public async Task ALinkedRecordsTitle_IsShownToWhoeverReadsTheLinkingRecord()
    {
        var contact = await _fixture.Service.SaveAsync(new SaveCommand("contact", SaveOperation.Create, Rep2)
        {
            JsonValues = PipelineFixture.Json(new { last_name = "张", first_name = "伟", email = "zhang@example.com" }),
        }, CancellationToken.None);
        var deal = await _fixture.CreateDealAsync(Rep, new { name = "With contact", contact = contact.Record!.Id.ToString() });

        var titles = await _fixture.Service.LinkedTitlesAsync("deal", [deal.Record!], Rep, CancellationToken.None);
        var notReadable = await _fixture.Service.LinkedTitlesAsync("deal", [deal.Record!], Rep2, CancellationToken.None);

        Assert.Equal("张伟", titles[contact.Record.Id]);
        Assert.Empty(notReadable); // rep2 may not read rep1's deal, so learns nothing through it
    }
}

/// <summary>A field the package hides from a role is absent from every read and refused on every write.</summary>
public sealed class HiddenFieldPipelineTests
{
    private static readonly Lazy<CompiledPackage> Package = new(() => PackageBuilder.FromFolder(Fixtures.SamplePackage("b2b-saas"))
        .EditPackage(p =>
        {
            var rep = p["roles"]!.AsArray().Single(r => (string?)r!["name"] == "rep")!;
            rep["permissions"]!["deal"]!["fields"]!["discount"] = "hidden";
        })
        .Compile());

    private readonly PipelineFixture _fixture = new(Package.Value);

    [Fact]
    public async Task AHiddenField_IsAbsentFromReadsAndItsHistory()
    {
        var created = (await _fixture.CreateDealAsync(Manager, new { name = "Discounted", source = "event", owner = "rep1", discount = 10 })).Record!;
        await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Update, Manager)
        {
            RecordId = created.Id, JsonValues = PipelineFixture.Json(new { discount = 15, amount = 100 }),
        }, CancellationToken.None);

        var read = (await _fixture.Service.GetAsync("deal", created.Id, Rep, CancellationToken.None)).Record!;
        var listed = (await _fixture.Service.QueryAsync(new RecordQuery("deal"), Rep, CancellationToken.None)).Items.Single();
        var history = await _fixture.Service.FieldHistoryAsync("deal", created.Id, Rep, CancellationToken.None);
        var managersHistory = await _fixture.Service.FieldHistoryAsync("deal", created.Id, Manager, CancellationToken.None);

        Assert.False(read.Values.ContainsKey("discount"));
        Assert.False(listed.Values.ContainsKey("discount"));
        Assert.DoesNotContain(history, h => h.Field == "discount");
        Assert.Contains(history, h => h.Field == "amount");
        Assert.Contains(managersHistory, h => h.Field == "discount");
    }

    [Fact]
    public async Task WritingAHiddenField_IsRefusedEvenWithTheValueItHolds()
    {
        var created = (await _fixture.CreateDealAsync(Manager, new { name = "Discounted", source = "event", owner = "rep1", discount = 10 })).Record!;

        var same = await _fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.Update, Rep)
        {
            RecordId = created.Id, JsonValues = PipelineFixture.Json(new { discount = 10 }),
        }, CancellationToken.None);

        Assert.Equal(SaveStatus.Forbidden, same.Status);
        Assert.Equal(("FIELD_FORBIDDEN", "discount"), (Assert.Single(same.Violations).Code, same.Violations[0].Field));
    }

    [Fact]
    public async Task SortingByAHiddenField_IsRefusedLikeAMissingOne()
    {
        var error = await Assert.ThrowsAsync<InvalidQueryException>(() =>
            _fixture.Service.QueryAsync(new RecordQuery("deal") { Sort = "discount" }, Rep, CancellationToken.None));

        Assert.Equal("BAD_REQUEST", error.Code);
        await _fixture.Service.QueryAsync(new RecordQuery("deal") { Sort = "discount" }, Manager, CancellationToken.None);
    }
}
