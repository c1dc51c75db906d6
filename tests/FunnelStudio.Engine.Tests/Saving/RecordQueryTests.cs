using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using static FunnelStudio.Engine.Tests.Saving.PipelineFixture;

namespace FunnelStudio.Engine.Tests.Saving;

/// <summary>What <see cref="RecordService.QueryAsync"/> hands the store: the sort it may use and the caller's visibility.</summary>
public sealed class RecordQueryTests
{
    private readonly PipelineFixture _fixture = new();

    [Theory]
    [InlineData("stage", "stage", null)]
    [InlineData("owner", "owner_id", null)]
    [InlineData("amount", "amount", FieldType.Currency)]
    [InlineData("updated_at", "updated_at", null)]
    public async Task Sort_ByAFieldKeptInASystemColumn_UsesTheColumn(string sort, string expectedSort, FieldType? expectedType)
    {
        await _fixture.Service.QueryAsync(new RecordQuery("deal") { Sort = sort }, Rep, CancellationToken.None);

        var query = _fixture.Store.LastQuery!;
        Assert.Equal(expectedSort, query.Sort);
        Assert.Equal(expectedType, query.SortType);
        Assert.Equal(["rep1"], query.VisibleOwners);
    }

    [Fact]
    public void SystemColumns_MirrorOnlyThePipelineFieldAndTheOwnerField()
    {
        var deal = _fixture.Runtime.Current.Object("deal")!.Definition;
        var account = _fixture.Runtime.Current.Object("account")!.Definition;

        Assert.Equal("stage", SystemColumns.Mirroring(deal, deal.Pipeline!.Field));
        Assert.Equal("owner_id", SystemColumns.Mirroring(deal, "owner"));
        Assert.Null(SystemColumns.Mirroring(deal, "amount"));
        Assert.Null(SystemColumns.Mirroring(account, "stage"));
    }

    [Fact]
    public async Task Sort_ByAnUnknownField_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<InvalidQueryException>(() =>
            _fixture.Service.QueryAsync(new RecordQuery("deal") { Sort = "no_such_field" }, Rep, CancellationToken.None));
        Assert.Equal("BAD_REQUEST", refused.Code);
    }
}
