using FunnelStudio.Records;
using FunnelStudio.References;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>A delete follows each pointing lookup's onDelete: restrict refuses, clear empties, cascade deletes (if the user may).</summary>
public sealed class DeleteRulesTests
{
    private static StoredRecord Put(PipelineFixture fixture, string obj, string owner, params (string Field, object? Value)[] values) =>
        fixture.Store.Put(new StoredRecord(Guid.NewGuid(), obj, new RecordValues(values.ToDictionary(v => v.Field, v => v.Value)))
        {
            OwnerId = owner, Title = $"{obj} of {owner}", Stage = obj == "deal" ? "lead" : null,
        });

    [Fact]
    public async Task Delete_OfAnAccountDealsPointTo_IsRefusedWithTheCountPerObject_AndWritesNothing()
    {
        var fixture = new PipelineFixture();
        var account = Put(fixture, "account", "rep1");
        Put(fixture, "deal", "rep1", ("account", account.Id.ToString()));
        Put(fixture, "deal", "rep2", ("account", account.Id.ToString()));
        Put(fixture, "contact", "rep1", ("account", account.Id.ToString()));

        var result = await fixture.DeleteAsync(account, Manager);

        Assert.Equal(SaveStatus.Referenced, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("REFERENCED", violation.Code);
        Assert.Equal(new ReferenceCount("deal", "account", 2), violation.References);
        Assert.Equal("2 Deals still point to this record (Account).", violation.MessageIn("en"));
        Assert.Contains("仍有 2 条", violation.MessageIn("zh-CN"));
        Assert.Empty(fixture.Store.Writes);
    }

    [Fact]
    public async Task Delete_OfAContactADealPointsTo_ClearsTheDealsContact_WithHistoryAndANewVersion()
    {
        var fixture = new PipelineFixture();
        var contact = Put(fixture, "contact", "rep1");
        var deal = Put(fixture, "deal", "rep2", ("name", "x"), ("contact", contact.Id.ToString()));

        var result = await fixture.DeleteAsync(contact, Manager);

        Assert.True(result.Succeeded);
        var after = (await fixture.Store.FindAsync("deal", deal.Id, CancellationToken.None))!;
        Assert.Null(after.Values["contact"]);
        Assert.Equal(deal.Version + 1, after.Version);
        Assert.Equal("mgr", after.UpdatedBy);
        var history = Assert.Single(fixture.Store.FieldHistory, h => h.RecordId == deal.Id);
        Assert.Equal(("contact", $"\"{contact.Id}\"", (string?)null, "mgr"), (history.Field, history.OldValue, history.NewValue, history.By));
        var plan = Assert.Single(fixture.Store.Writes).Delete!;
        Assert.Equal([new RecordRef("contact", contact.Id)], plan.Deleted);
    }

    [Fact]
    public async Task Delete_Cascades_ToThePointingRecords_AndTheirPointersFollowTheirOwnRules()
    {
        var fixture = new PipelineFixture(Sample(p => p.OnDelete("contact", "account", "cascade")));
        var account = Put(fixture, "account", "rep1");
        var contact = Put(fixture, "contact", "rep2", ("account", account.Id.ToString()));
        var deal = Put(fixture, "deal", "rep1", ("contact", contact.Id.ToString()));

        var result = await fixture.DeleteAsync(account, Manager);

        Assert.True(result.Succeeded, string.Join("; ", result.Violations.Select(v => v.MessageIn("en"))));
        Assert.True((await fixture.Store.FindAsync("contact", contact.Id, CancellationToken.None))!.Deleted);
        Assert.Null((await fixture.Store.FindAsync("deal", deal.Id, CancellationToken.None))!.Values["contact"]);
        var plan = Assert.Single(fixture.Store.Writes).Delete!;
        Assert.Equal([new RecordRef("account", account.Id), new RecordRef("contact", contact.Id)], plan.Deleted);
        Assert.Equal([deal.Id], plan.Cleared.Select(c => c.Id));
    }

    [Fact]
    public async Task Delete_ThatWouldCascadeBeyondTheUsersDeleteScope_IsForbidden_AndWritesNothing()
    {
        var fixture = new PipelineFixture(Sample(p => p.OnDelete("contact", "account", "cascade")));
        var account = Put(fixture, "account", "rep1");
        Put(fixture, "contact", "rep2", ("account", account.Id.ToString()));
        var outsider = Put(fixture, "contact", "fin", ("account", account.Id.ToString()));

        var result = await fixture.DeleteAsync(account, Manager);

        Assert.Equal(SaveStatus.Forbidden, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(("FORBIDDEN", new ReferenceCount("contact", "account", 1)), (violation.Code, violation.References));
        Assert.Empty(fixture.Store.Writes);
        Assert.False((await fixture.Store.FindAsync("contact", outsider.Id, CancellationToken.None))!.Deleted);
    }

    [Fact]
    public async Task Delete_ThatWouldCascadeToARecordARestrictLookupPointsTo_IsRefused()
    {
        var fixture = new PipelineFixture(Sample(p => p.OnDelete("contact", "account", "cascade").OnDelete("deal", "contact", "restrict")));
        var account = Put(fixture, "account", "rep1");
        var contact = Put(fixture, "contact", "rep1", ("account", account.Id.ToString()));
        Put(fixture, "deal", "rep1", ("contact", contact.Id.ToString()));

        var result = await fixture.DeleteAsync(account, Manager);

        Assert.Equal(SaveStatus.Referenced, result.Status);
        Assert.Equal(new ReferenceCount("deal", "contact", 1), Assert.Single(result.Violations).References);
        Assert.Empty(fixture.Store.Writes);
    }

    [Fact]
    public async Task Delete_WhoseReferencesChangeBeforeTheWrite_IsPlannedAgain()
    {
        var fixture = new PipelineFixture();
        var contact = Put(fixture, "contact", "rep1");
        var attempts = 0;
        // A deal starts pointing to the contact after the first plan: the store refuses that plan once.
        fixture.Store.BeforeWrite = request =>
        {
            if (request.Delete is null || attempts++ > 0) return;
            Put(fixture, "deal", "rep1", ("contact", contact.Id.ToString()));
        };

        var result = await fixture.DeleteAsync(contact, Manager);

        Assert.True(result.Succeeded);
        Assert.Equal(2, attempts);
        Assert.Single(Assert.Single(fixture.Store.Writes).Delete!.Cleared);
    }

    [Fact]
    public async Task Delete_OfAnObjectNothingPointsTo_NeedsNoPlan()
    {
        var fixture = new PipelineFixture();
        var deal = Put(fixture, "deal", "rep1", ("name", "x"));

        Assert.True((await fixture.DeleteAsync(deal, Manager)).Succeeded);
        Assert.Null(Assert.Single(fixture.Store.Writes).Delete);
    }
}
