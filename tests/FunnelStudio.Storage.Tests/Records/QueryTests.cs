using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Records;

public sealed class SqliteQueryTests(SqliteDatabase database) : QueryTests<SqliteDatabase>(database);

public sealed class PostgresQueryTests(PostgresDatabase database) : QueryTests<PostgresDatabase>(database);

/// <summary>The list: filters, visibility, search, sorts (system columns and JSON fields), paging — and hostile input.</summary>
public abstract class QueryTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static readonly DateTime Start = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    private IRecordStore Store => database.Store;

    /// <summary>Seven deals over three owners and two stages, updated one hour apart.</summary>
    private async Task<string> SeedAsync()
    {
        var obj = database.Objects.NewDeal();
        (string Title, decimal? Amount, string Stage, string Owner)[] rows =
        [
            ("Acme renewal", 300m, "lead", "rep1"),
            ("acme widgets", 40m, "mql", "rep1"),
            ("Globex expansion", 5m, "lead", "rep2"),
            ("Initech 100% upsell", 1000.5m, "mql", "rep2"),
            ("Umbrella_pilot", null, "lead", "rep3"),
            ("Stark pilot", 75m, "lead", "rep3"),
            ("Wayne enterprise", 2m, "mql", "rep1"),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            var (title, amount, stage, owner) = rows[i];
            var record = TestObjects.Record(obj, title, amount, stage, owner, Start.AddHours(i),
                new Dictionary<string, object?> { ["close_date"] = Start.AddDays(30 - i) });
            await Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);
        }
        return obj;
    }

    private async Task<List<string?>> TitlesAsync(RecordQuery query) =>
        (await Store.QueryAsync(query, CancellationToken.None)).Items.Select(r => r.Title).ToList();

    [Fact]
    public async Task Query_ByDefault_ListsNewestFirst()
    {
        var obj = await SeedAsync();

        var page = await Store.QueryAsync(new RecordQuery(obj), CancellationToken.None);

        Assert.Equal(7, page.Total);
        Assert.Equal("Wayne enterprise", page.Items[0].Title);
        Assert.Equal("Acme renewal", page.Items[^1].Title);
    }

    [Fact]
    public async Task Query_FiltersByStageAndOwner()
    {
        var obj = await SeedAsync();

        var mql = await Store.QueryAsync(new RecordQuery(obj) { Stage = "mql" }, CancellationToken.None);
        var rep1Leads = await TitlesAsync(new RecordQuery(obj) { Stage = "lead", Owner = "rep1" });

        Assert.Equal(3, mql.Total);
        Assert.All(mql.Items, r => Assert.Equal("mql", r.Stage));
        Assert.Equal(new[] { "Acme renewal" }, rep1Leads);
    }

    [Fact]
    public async Task Query_ShowsOnlyVisibleOwners()
    {
        var obj = await SeedAsync();

        var team = await Store.QueryAsync(new RecordQuery(obj) { VisibleOwners = ["rep2", "rep3"] }, CancellationToken.None);
        var nobody = await Store.QueryAsync(new RecordQuery(obj) { VisibleOwners = [] }, CancellationToken.None);
        var asking = await Store.QueryAsync(new RecordQuery(obj) { VisibleOwners = ["rep2"], Owner = "rep1" }, CancellationToken.None);

        Assert.Equal(4, team.Total);
        Assert.All(team.Items, r => Assert.Contains(r.OwnerId, new[] { "rep2", "rep3" }));
        Assert.Equal(0, nobody.Total);
        Assert.Empty(asking.Items);
    }

    [Fact]
    public async Task Search_IgnoresCaseAndMatchesPartOfTheTitle()
    {
        var obj = await SeedAsync();

        var titles = await TitlesAsync(new RecordQuery(obj) { Search = "  acme ", Sort = "title", Descending = false });

        Assert.Equal(new[] { "Acme renewal", "acme widgets" }, titles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Search_TreatsWildcardsAsPlainCharacters()
    {
        var obj = await SeedAsync();

        Assert.Equal(new[] { "Initech 100% upsell" }, await TitlesAsync(new RecordQuery(obj) { Search = "%" }));
        Assert.Equal(new[] { "Umbrella_pilot" }, await TitlesAsync(new RecordQuery(obj) { Search = "_" }));
        Assert.Equal(new[] { "Umbrella_pilot" }, await TitlesAsync(new RecordQuery(obj) { Search = "a_p" }));
    }

    [Theory]
    [InlineData("'; DROP TABLE records; --")]
    [InlineData("' OR '1'='1")]
    [InlineData("\" OR 1=1 --")]
    [InlineData("acme'); DELETE FROM records WHERE ('a'='a")]
    [InlineData("\\")]
    public async Task Search_WithSqlInjection_MatchesNothingAndChangesNothing(string search)
    {
        var obj = await SeedAsync();

        var page = await Store.QueryAsync(new RecordQuery(obj) { Search = search }, CancellationToken.None);

        Assert.Equal(0, page.Total);
        Assert.Equal(7, (await Store.QueryAsync(new RecordQuery(obj), CancellationToken.None)).Total);
    }

    [Theory]
    [InlineData("amount'); DROP TABLE records; --")]
    [InlineData("amount' , 1) --")]
    [InlineData("Amount")]
    [InlineData("amount\n")]
    [InlineData("amount;")]
    [InlineData("1amount")]
    [InlineData("name\"")]
    public async Task Sort_ByAHostileFieldName_IsRefused(string sort)
    {
        var obj = await SeedAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.QueryAsync(new RecordQuery(obj) { Sort = sort }, CancellationToken.None));

        Assert.Equal(7, (await Store.QueryAsync(new RecordQuery(obj), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Query_OfAHostileObjectName_IsRefused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.QueryAsync(new RecordQuery("deal' OR 1=1 --"), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Store.BoardAsync("deal'--", ["lead"], "amount", null, null, 5, CancellationToken.None));
    }

    [Fact]
    public async Task Sort_ByANumericJsonField_OrdersByNumberWithEmptyValuesLast()
    {
        var obj = await SeedAsync();
        var query = new RecordQuery(obj) { Sort = "amount", SortType = FieldType.Currency, Descending = false };

        var ascending = await Store.QueryAsync(query, CancellationToken.None);
        var descending = await Store.QueryAsync(query with { Descending = true }, CancellationToken.None);

        // As text, "1000.5" < "2" < "300" < "40" < "5" < "75".
        Assert.Equal(new decimal?[] { 2m, 5m, 40m, 75m, 300m, 1000.5m, null }, ascending.Items.Select(r => (decimal?)r.Values["amount"]));
        Assert.Equal(new decimal?[] { null, 1000.5m, 300m, 75m, 40m, 5m, 2m }, descending.Items.Select(r => (decimal?)r.Values["amount"]));
    }

    [Fact]
    public async Task Sort_ByATextOrDateJsonField_OrdersByThatValue()
    {
        var obj = await SeedAsync();

        var byName = await TitlesAsync(new RecordQuery(obj) { Sort = "name", SortType = FieldType.Text, Descending = false });
        var byNameDescending = await TitlesAsync(new RecordQuery(obj) { Sort = "name", SortType = FieldType.Text, Descending = true });
        var byCloseDate = await TitlesAsync(new RecordQuery(obj) { Sort = "close_date", SortType = FieldType.Date, Descending = false });

        // The exact order of mixed-case text follows the database's collation; these hold under any.
        Assert.Equal("Acme renewal", byName[0]);
        Assert.True(byName.IndexOf("Globex expansion") < byName.IndexOf("Stark pilot"));
        Assert.Equal(byName.AsEnumerable().Reverse(), byNameDescending);
        Assert.Equal("Wayne enterprise", byCloseDate[0]);
        Assert.Equal("Acme renewal", byCloseDate[^1]);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("created_at")]
    [InlineData("updated_at")]
    [InlineData("stage")]
    [InlineData("owner_id")]
    public async Task Sort_BySystemColumn_Works(string column)
    {
        var obj = await SeedAsync();

        var items = (await Store.QueryAsync(new RecordQuery(obj) { Sort = column, Descending = false }, CancellationToken.None)).Items;
        var descending = (await Store.QueryAsync(new RecordQuery(obj) { Sort = column, Descending = true }, CancellationToken.None)).Items;

        Func<StoredRecord, string>? key = column switch
        {
            "stage" => r => r.Stage!,
            "owner_id" => r => r.OwnerId!,
            "created_at" => r => r.CreatedAt.ToString("O"),
            "updated_at" => r => r.UpdatedAt.ToString("O"),
            _ => null, // titles mix case: their order is the collation's
        };
        if (key is not null) Assert.Equal(items.Select(key).Order(StringComparer.Ordinal), items.Select(key));
        Assert.Equal(items.Select(r => r.Id).Reverse(), descending.Select(r => r.Id));
        Assert.Equal(7, items.Count);
    }

    [Fact]
    public async Task Paging_ReturnsEachRecordOnceWithTheTotal()
    {
        var obj = await SeedAsync();
        var query = new RecordQuery(obj) { PageSize = 3, Sort = "title", Descending = false };

        var pages = new List<RecordPage>();
        for (var page = 1; page <= 4; page++) pages.Add(await Store.QueryAsync(query with { Page = page }, CancellationToken.None));

        Assert.All(pages, p => Assert.Equal(7, p.Total));
        Assert.Equal(new[] { 3, 3, 1, 0 }, pages.Select(p => p.Items.Count));
        Assert.Equal(7, pages.SelectMany(p => p.Items).Select(r => r.Id).Distinct().Count());
        Assert.Equal(3, pages[0].PageSize);
        Assert.Equal(2, pages[1].Page);
    }

    [Fact]
    public async Task Paging_ClampsNonsenseToSaneBounds()
    {
        var obj = await SeedAsync();

        var page = await Store.QueryAsync(new RecordQuery(obj) { Page = -3, PageSize = 1_000_000 }, CancellationToken.None);

        Assert.Equal(1, page.Page);
        Assert.True(page.PageSize <= 500);
        Assert.Equal(7, page.Items.Count);
    }

    [Fact]
    public async Task HostileInput_LeavesTheTablesInPlace()
    {
        var obj = await SeedAsync();
        await Store.QueryAsync(new RecordQuery(obj) { Search = "x'); DROP TABLE records; --", Stage = "lead'; DROP TABLE records; --",
            Owner = "'; DELETE FROM records; --" }, CancellationToken.None);

        await using var db = database.CreateContext();
        Assert.Equal(7, await db.Records.CountAsync(r => r.Object == obj));
    }
}
