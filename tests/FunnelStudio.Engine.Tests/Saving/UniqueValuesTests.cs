using FunnelStudio.Saving;
using FunnelStudio.Uniqueness;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>Unique fields in the save pipeline: the pre-check's answer, the store's (a lost race), and whose record is named.</summary>
public sealed class UniqueValuesTests
{
    private readonly PipelineFixture _fixture = new();

    private Task<SaveResult> CreateContactAsync(ActingUser user, string email, string last = "张") =>
        _fixture.CreateAsync("contact", user, new { last_name = last, first_name = "伟", email });

    [Fact]
    public async Task Create_WithAnEmailAnotherContactHas_IsRefusedNamingThatContact()
    {
        var first = (await CreateContactAsync(Rep, "zhang.wei@huawei.com")).Record!;

        var result = await CreateContactAsync(Rep2, "  Zhang.Wei@HUAWEI.com ", last: "王");

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(("email", "FIELD_UNIQUE"), (violation.Field, violation.Code));
        Assert.Equal(first.Id, violation.ExistingRecordId);
        Assert.Contains(first.Title!, violation.MessageIn("en"));
        Assert.Contains(first.Id.ToString(), violation.MessageIn("en"));
        Assert.Contains("已使用该值", violation.MessageIn("zh-CN"));
        Assert.Single(_fixture.Store.Writes);
    }

    [Fact]
    public async Task Create_WithADuplicateOfARecordTheUserMayNotRead_SaysOnlyAnotherRecord()
    {
        var fixture = new PipelineFixture(Sample(p => p.Permission("rep", "contact", "read", "own")));
        var theirs = (await fixture.CreateAsync("contact", Rep2, new { last_name = "李", first_name = "娜", email = "li.na@example.cn" })).Record!;

        var result = await fixture.CreateAsync("contact", Rep, new { last_name = "李", first_name = "娜", email = "LI.NA@example.cn" });

        var violation = Assert.Single(result.Violations);
        Assert.Equal("FIELD_UNIQUE", violation.Code);
        Assert.Null(violation.ExistingRecordId);
        Assert.Contains("another record", violation.MessageIn("en"));
        Assert.DoesNotContain(theirs.Id.ToString(), violation.MessageIn("en"));
        Assert.DoesNotContain("李娜", violation.MessageIn("en"));
        Assert.Contains("其他记录", violation.MessageIn("zh-CN"));
    }

    [Fact]
    public async Task Create_WithADuplicateAndOtherErrors_ReportsThemAllAtOnce()
    {
        await CreateContactAsync(Rep, "dup@example.cn");

        var result = await _fixture.CreateAsync("contact", Rep, new { first_name = "伟", email = "dup@example.cn", is_decision_maker = true });

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        Assert.Contains(result.Violations, v => v.Code == "FIELD_UNIQUE" && v.Field == "email");
        Assert.Contains(result.Violations, v => v.Field == "last_name");
        Assert.Contains(result.Violations, v => v.Rule == "decision_maker_needs_title");
    }

    [Fact]
    public async Task Create_WithoutAnEmail_NeverConflicts()
    {
        Assert.True((await _fixture.CreateAsync("contact", Rep, new { last_name = "张", first_name = "一", phone = "138 0013 8000" })).Succeeded);
        Assert.True((await _fixture.CreateAsync("contact", Rep, new { last_name = "张", first_name = "二", phone = "138 0013 8001" })).Succeeded);
    }

    [Fact]
    public async Task Update_KeepingItsOwnEmail_IsFine_ButTakingAnothersIsRefused()
    {
        var mine = (await CreateContactAsync(Rep, "mine@example.cn")).Record!;
        await CreateContactAsync(Rep, "taken@example.cn", last: "王");

        var kept = await _fixture.UpdateAsync(mine, Rep, new { email = "MINE@example.cn", title = "CTO" });
        var taken = await _fixture.UpdateAsync(kept.Record!, Rep, new { email = "taken@example.cn" });

        Assert.True(kept.Succeeded);
        Assert.Equal(SaveStatus.ValidationFailed, taken.Status);
        Assert.Equal("FIELD_UNIQUE", Assert.Single(taken.Violations).Code);
    }

    [Fact]
    public async Task Update_ChangingTheEmail_ReleasesTheOldOne()
    {
        var first = (await CreateContactAsync(Rep, "old@example.cn")).Record!;
        Assert.True((await _fixture.UpdateAsync(first, Rep, new { email = "new@example.cn" })).Succeeded);

        Assert.True((await CreateContactAsync(Rep2, "old@example.cn", last: "王")).Succeeded);
        Assert.False((await CreateContactAsync(Rep2, "new@example.cn", last: "赵")).Succeeded);
    }

    [Fact]
    public async Task Delete_ReleasesTheRecordsValues()
    {
        var first = (await CreateContactAsync(Rep, "gone@example.cn")).Record!;

        Assert.True((await _fixture.DeleteAsync(first, Manager)).Succeeded);

        Assert.True((await CreateContactAsync(Rep2, "gone@example.cn", last: "王")).Succeeded);
    }

    [Fact]
    public async Task Create_ThatLosesTheRaceAtTheStore_IsFieldUniqueNamingTheWinner_NotAnError()
    {
        StoredRecord? winner = null;
        // Someone else stores the same email after this save's pre-check and before its write.
        _fixture.Store.BeforeWrite = request =>
        {
            if (winner is not null || request.Record.Object != "contact") return;
            winner = _fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "contact", FunnelStudio.Records.RecordValues.Empty) { OwnerId = "rep2", Title = "王五" },
                new UniqueKey("email", "race@example.cn"));
        };

        var result = await CreateContactAsync(Rep, "race@example.cn");

        Assert.Equal(SaveStatus.ValidationFailed, result.Status);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(("email", "FIELD_UNIQUE", winner!.Id), (violation.Field, violation.Code, violation.ExistingRecordId));
        Assert.Contains("王五", violation.MessageIn("zh-CN"));
        Assert.Empty(_fixture.Store.Writes);
    }

    [Fact]
    public async Task Create_PassesTheKeysOfItsUniqueFieldsToTheStore()
    {
        await CreateContactAsync(Rep, " Keys@Example.CN ");

        var write = Assert.Single(_fixture.Store.Writes);
        Assert.Equal([new UniqueKey("email", "keys@example.cn")], write.Keys);
    }
}
