using FunnelStudio.Records;
using FunnelStudio.References;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>Lookups name a live record the user may read, user fields an active user: FIELD_REFERENCE otherwise.</summary>
public sealed class ReferencesTests
{
    private readonly PipelineFixture _fixture = new();

    private StoredRecord Account(string owner = "rep1", bool deleted = false) =>
        _fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "account", new RecordValues(new Dictionary<string, object?> { ["name"] = "华为" }))
        {
            OwnerId = owner, Title = "华为", Deleted = deleted,
        });

    private static void AssertReference(SaveResult result, string field)
    {
        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var violation = Assert.Single(result.Violations, v => v.Field == field);
        Assert.Equal("FIELD_REFERENCE", violation.Code);
    }

    [Fact]
    public async Task Lookup_ToALiveAccount_IsStoredInOneSpelling_AndLockedAtTheWrite()
    {
        var account = Account();

        var result = await _fixture.CreateDealAsync(Rep, new { name = "云迁移", account = account.Id.ToString("B").ToUpperInvariant() });

        Assert.True(result.Succeeded, string.Join("; ", result.Violations.Select(v => v.MessageIn("en"))));
        Assert.Equal(account.Id.ToString(), result.Record!.Values["account"]);
        Assert.Equal([new RecordRef("account", account.Id)], Assert.Single(_fixture.Store.Writes).References);
    }

    [Fact]
    public async Task Lookup_ToAMissingId_IsFieldReference() =>
        AssertReference(await _fixture.CreateDealAsync(Rep, new { name = "x", account = Guid.NewGuid() }), "account");

    [Fact]
    public async Task Lookup_ToADeletedRecord_IsFieldReference() =>
        AssertReference(await _fixture.CreateDealAsync(Rep, new { name = "x", account = Account(deleted: true).Id }), "account");

    [Fact]
    public async Task Lookup_ThatIsNotAnId_IsFieldReference() =>
        AssertReference(await _fixture.CreateDealAsync(Rep, new { name = "x", account = "华为" }), "account");

    [Fact]
    public async Task Lookup_ToARecordOfAnotherObject_IsFieldReference()
    {
        var contact = _fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "contact", RecordValues.Empty) { OwnerId = "rep1" });

        AssertReference(await _fixture.CreateDealAsync(Rep, new { name = "x", account = contact.Id }), "account");
    }

    [Fact]
    public async Task Lookup_ToARecordTheUserMayNotRead_IsFieldReference()
    {
        var fixture = new PipelineFixture(Sample(p => p.Permission("rep", "account", "read", "own")));
        var theirs = fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "account", RecordValues.Empty) { OwnerId = "rep2", Title = "Theirs" });
        var mine = fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "account", RecordValues.Empty) { OwnerId = "rep1", Title = "Mine" });

        var refused = await fixture.CreateDealAsync(Rep, new { name = "x", account = theirs.Id });
        var allowed = await fixture.CreateDealAsync(Rep, new { name = "y", account = mine.Id });

        AssertReference(refused, "account");
        Assert.DoesNotContain("Theirs", refused.Violations[0].MessageIn("en"));
        Assert.True(allowed.Succeeded);
    }

    [Theory]
    [InlineData("gone")]
    [InlineData("nobody")]
    public async Task UserField_ToAnInactiveOrUnknownUser_IsFieldReference(string user) =>
        AssertReference(await _fixture.CreateDealAsync(new ActingUser("adm", "Admin", ["admin"]), new { name = "x", owner = user }), "owner");

    [Fact]
    public async Task Lookup_ToARecordDeletedAfterTheCheck_IsFieldReference_AndNothingIsWritten()
    {
        var account = Account();
        // The account is deleted between the references step and the write; the write's own check sees it.
        _fixture.Store.BeforeWrite = _ => _fixture.Store.Put(account with { Deleted = true });

        var result = await _fixture.CreateDealAsync(Rep, new { name = "x", account = account.Id });

        AssertReference(result, "account");
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task Update_KeepingALookupToARecordDeletedSince_IsFine_OnlyNewPointersAreChecked()
    {
        var account = Account();
        var deal = (await _fixture.CreateDealAsync(Rep, new { name = "x", account = account.Id })).Record!;
        _fixture.Store.Put(account with { Deleted = true });

        var result = await _fixture.UpdateAsync(deal, Rep, new { amount = 5000 });

        Assert.True(result.Succeeded, string.Join("; ", result.Violations.Select(v => v.MessageIn("en"))));
        Assert.Empty(_fixture.Store.Writes[^1].References);
    }
}
