using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>Create, read, list, change and delete records over /api/v1, with ETags and If-Match.</summary>
public abstract class RecordsApiTests(PortalServer server)
{
    [Fact]
    public async Task Create_ReturnsCreatedWithLocationETagAndTheRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("华锐精密-CRM");
        var response = await rep.PostJsonAsync(Deals.Url, new { values = new { name, amount = 120000, source = "website" } });

        var record = await response.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/v1/objects/deal/records/{record.Id()}", response.Headers.Location?.OriginalString);
        Assert.Equal($"\"{record.GetProperty("version").GetInt64()}\"", response.ETag());
        Assert.Equal("deal", record.GetProperty("object").GetString());
        Assert.Equal("lead", record.GetProperty("stage").GetString());
        Assert.Equal(name, record.GetProperty("title").GetString());
        Assert.Equal(120000m, record.GetProperty("values").GetProperty("amount").GetDecimal());
        // Formula and autonumber computed by the pipeline: 5 % of 120 000 in the lead stage.
        Assert.Equal(6000m, record.GetProperty("values").GetProperty("weighted_amount").GetDecimal());
        Assert.StartsWith("DEAL-", record.GetProperty("values").GetProperty("deal_no").GetString());

        var read = await rep.GetAsync(response.Headers.Location);
        Assert.Equal(response.ETag(), read.ETag());
        Assert.Equal(name, (await read.AssertOkAsync()).GetProperty("values").GetProperty("name").GetString());
    }

    [Fact]
    public async Task List_FiltersByStage_SortsByAmount_AndPages()
    {
        using var admin = await server.SignInAsync("admin@funnelstudio.local");
        var all = await (await admin.GetAsync($"{Deals.Url}?pageSize=200")).AssertOkAsync();
        Assert.True(all.GetProperty("total").GetInt32() >= PortalServer.DemoDeals, "the demo deals are listed");

        var leads = await (await admin.GetAsync($"{Deals.Url}?stage=lead&pageSize=200")).AssertOkAsync();
        Assert.All(leads.GetProperty("items").EnumerateArray(), r => Assert.Equal("lead", r.GetProperty("stage").GetString()));

        var sorted = await (await admin.GetAsync($"{Deals.Url}?sort=-amount&pageSize=200")).AssertOkAsync();
        var amounts = sorted.GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("values").TryGetProperty("amount", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Number ? a.GetDecimal() : (decimal?)null)
            .Where(a => a is not null).ToList();
        Assert.True(amounts.Count > 5);
        Assert.Equal(amounts.OrderByDescending(a => a).ToList(), amounts);

        var page1 = await (await admin.GetAsync($"{Deals.Url}?sort=name&pageSize=5&page=1")).AssertOkAsync();
        var page2 = await (await admin.GetAsync($"{Deals.Url}?sort=name&pageSize=5&page=2")).AssertOkAsync();
        Assert.Equal(5, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page2.GetProperty("page").GetInt32());
        var ids1 = page1.GetProperty("items").EnumerateArray().Select(r => r.Id()).ToHashSet();
        Assert.DoesNotContain(page2.GetProperty("items").EnumerateArray(), r => ids1.Contains(r.Id()));
    }

    [Theory]
    [InlineData("owner")]
    [InlineData("stage")]
    public async Task List_SortsByTheOwnerAndStageFields_FromTheirSystemColumns(string field)
    {
        using var admin = await server.SignInAsync("admin@funnelstudio.local");

        foreach (var descending in new[] { false, true })
        {
            var page = await (await admin.GetAsync($"{Deals.Url}?sort={(descending ? "-" : "")}{field}&pageSize=200")).AssertOkAsync();
            // The record's stage is a top-level property of the API's record; the owner is a value.
            var values = page.GetProperty("items").EnumerateArray()
                .Select(r => (field == "stage" ? r.GetProperty("stage") : r.GetProperty("values").GetProperty(field)).GetString()!).ToList();
            Assert.True(values.Distinct().Count() > 1, $"the demo deals have more than one {field}");
            var expected = descending ? values.Order(StringComparer.Ordinal).Reverse() : values.Order(StringComparer.Ordinal);
            Assert.Equal(expected.ToList(), values);
        }
    }

    [Fact]
    public async Task List_Search_FindsARecordByName()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var name = Deals.Unique("搜索测试");
        var (created, _) = await Deals.CreateAsync(rep, new { name });

        var found = await (await rep.GetAsync($"{Deals.Url}?q={Uri.EscapeDataString(name)}")).AssertOkAsync();
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(created.Id(), found.GetProperty("items")[0].Id());
    }

    [Fact]
    public async Task List_ByUnknownSortField_Returns400()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        await (await rep.GetAsync($"{Deals.Url}?sort=-no_such_field")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.GetAsync($"{Deals.Url}?pageSize=100000")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.GetAsync($"{Deals.Url}?page=-1")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Patch_WithStaleIfMatch_Returns412_AndTheFirstUpdateIsKept()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (record, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("并发"), amount = 1000 });

        var first = await rep.PatchJsonAsync(record.RecordUrl(), new { values = new { amount = 2000 } }, etag);
        await first.AssertOkAsync();
        Assert.NotEqual(etag, first.ETag());

        var second = await rep.PatchJsonAsync(record.RecordUrl(), new { values = new { amount = 3000 } }, etag);
        await second.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "CONFLICT");

        var stored = await (await rep.GetAsync(record.RecordUrl())).AssertOkAsync();
        Assert.Equal(2000m, stored.GetProperty("values").GetProperty("amount").GetDecimal());
        Assert.Equal(first.ETag(), $"\"{stored.GetProperty("version").GetInt64()}\"");
    }

    [Fact]
    public async Task ConcurrentPatches_FromTheSameVersion_OneWinsAndTheOtherGets412()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (record, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("同时保存"), amount = 1000 });

        var amounts = Enumerable.Range(1, 6).Select(i => 1000m + i).ToArray();
        var responses = await Task.WhenAll(amounts.Select(a => rep.PatchJsonAsync(record.RecordUrl(), new { values = new { amount = a } }, etag)));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            await loser.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "CONFLICT");
        var won = (await winners[0].JsonAsync()).GetProperty("values").GetProperty("amount").GetDecimal();
        var stored = await (await rep.GetAsync(record.RecordUrl())).AssertOkAsync();
        Assert.Equal(won, stored.GetProperty("values").GetProperty("amount").GetDecimal());
        Assert.Equal(winners[0].ETag(), $"\"{stored.GetProperty("version").GetInt64()}\"");
    }

    [Fact]
    public async Task List_ForAManager_ShowsTheTeamsRecords_AndOwnerMeFilters()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var (mine, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("团队A") });
        var (theirs, _) = await Deals.CreateAsync(rep2, new { name = Deals.Unique("团队B") });

        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        var team = await (await manager.GetAsync($"{Deals.Url}?pageSize=200&sort=-created_at")).AssertOkAsync();
        var ids = team.GetProperty("items").EnumerateArray().Select(r => r.Id()).ToHashSet();
        Assert.Contains(mine.Id(), ids);
        Assert.Contains(theirs.Id(), ids);

        var own = await (await rep.GetAsync($"{Deals.Url}?owner=me&pageSize=200")).AssertOkAsync();
        Assert.All(own.GetProperty("items").EnumerateArray(), r => Assert.Equal(mine.GetProperty("owner").GetString(), r.GetProperty("owner").GetString()));
        var byOwner = await (await manager.GetAsync($"{Deals.Url}?owner={theirs.GetProperty("owner").GetString()}&pageSize=200")).AssertOkAsync();
        Assert.All(byOwner.GetProperty("items").EnumerateArray(), r => Assert.Equal(theirs.GetProperty("owner").GetString(), r.GetProperty("owner").GetString()));
        Assert.Contains(byOwner.GetProperty("items").EnumerateArray(), r => r.Id() == theirs.Id());
    }

    [Fact]
    public async Task Delete_WithCurrentIfMatch_RemovesTheRecord()
    {
        // The sample package lets a rep create deals and their manager delete them.
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        var (record, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("删除") });

        var stale = new HttpRequestMessage(HttpMethod.Delete, record.RecordUrl());
        stale.Headers.TryAddWithoutValidation("If-Match", "\"999999\"");
        await (await manager.SendAsync(stale)).AssertProblemAsync(HttpStatusCode.PreconditionFailed, "CONFLICT");

        var delete = new HttpRequestMessage(HttpMethod.Delete, record.RecordUrl());
        delete.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.SendAsync(delete)).StatusCode);
        await (await rep.GetAsync(record.RecordUrl())).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}

public sealed class RecordsApiOnSqlite(SqlitePortal server) : RecordsApiTests(server), IClassFixture<SqlitePortal>;

public sealed class RecordsApiOnPostgres(PostgresPortal server) : RecordsApiTests(server), IClassFixture<PostgresPortal>;
