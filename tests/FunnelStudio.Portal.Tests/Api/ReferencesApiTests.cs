using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>
/// References in the sample package over the API: lookups and user fields must resolve
/// (FIELD_REFERENCE), deal.account is restrict (409 REFERENCED with counts), deal.contact clear;
/// a delete racing a create that points to the record never leaves a deal pointing to a deleted account.
/// </summary>
public abstract class ReferencesApiTests(PortalServer server)
{
    private const string Accounts = "/api/v1/objects/account/records";
    private const string Contacts = "/api/v1/objects/contact/records";

    private static async Task<JsonElement> CreateAsync(HttpClient client, string url, object values) =>
        await (await client.PostJsonAsync(url, new { values })).AssertOkAsync(HttpStatusCode.Created);

    private static Task<JsonElement> AccountAsync(HttpClient client) =>
        CreateAsync(client, Accounts, new { name = Deals.Unique("客户"), phone = Deals.UniquePhone() });

    private static void AssertFieldReference(JsonElement problem, string field)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal((field, "FIELD_REFERENCE"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("华为")]
    [InlineData("12345")]
    public async Task Create_WithALookupThatResolvesToNoAccount_Is422FieldReference(string kind)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var account = kind == "missing" ? Guid.NewGuid().ToString() : kind;

        var response = await rep.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("引用"), account } });

        AssertFieldReference(await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"), "account");
    }

    [Fact]
    public async Task Create_WithALookupToADeletedAccount_Is422FieldReference()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        var account = await AccountAsync(rep);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{Accounts}/{account.Id()}")).StatusCode);

        var response = await rep.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("引用"), account = account.Id() } });

        AssertFieldReference(await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"), "account");
    }

    [Fact]
    public async Task Create_WithAnOwnerWhoIsNoUser_Is422FieldReference()
    {
        using var admin = await server.SignInAsync("admin@funnelstudio.local");

        var response = await admin.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("负责人"), owner = "no-such-user" } });

        AssertFieldReference(await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"), "owner");
    }

    [Fact]
    public async Task Delete_OfAnAccountDealsPointTo_Is409ReferencedWithTheCountPerObject_AndDeletesNothing()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        var account = await AccountAsync(rep);
        for (var i = 0; i < 3; i++) await Deals.CreateAsync(rep, new { name = Deals.Unique("受限"), account = account.Id() });
        // contact.account is "clear": a contact does not block the delete.
        await CreateAsync(rep, Contacts, new { last_name = "张", first_name = "伟", email = $"{Guid.NewGuid():N}@example.cn", account = account.Id() });

        var problem = await (await manager.DeleteAsync($"{Accounts}/{account.Id()}")).AssertProblemAsync(HttpStatusCode.Conflict, "REFERENCED");

        var reference = Assert.Single(problem.GetProperty("references").EnumerateArray());
        Assert.Equal(("deal", "account", 3),
            (reference.GetProperty("object").GetString(), reference.GetProperty("field").GetString(), reference.GetProperty("count").GetInt32()));
        Assert.Contains("3 Deals", problem.GetProperty("detail").GetString());
        await (await rep.GetAsync($"{Accounts}/{account.Id()}")).AssertOkAsync();
    }

    [Fact]
    public async Task Delete_OfAContactADealPointsTo_ClearsTheDealsContact_AndGivesTheDealANewVersion()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        var contact = await CreateAsync(rep, Contacts, new { last_name = "李", first_name = "娜", email = $"{Guid.NewGuid():N}@example.cn" });
        var (deal, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("清空"), contact = contact.Id() });

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{Contacts}/{contact.Id()}")).StatusCode);

        var read = await rep.GetAsync(deal.RecordUrl());
        var after = await read.AssertOkAsync();
        Assert.False(after.GetProperty("values").TryGetProperty("contact", out var left) && left.ValueKind != JsonValueKind.Null);
        Assert.NotEqual(etag, read.ETag());
        // The rep's stale ETag no longer matches: a save from before the clear cannot bring the contact back.
        await (await rep.PatchJsonAsync(deal.RecordUrl(), new { values = new { amount = 1 } }, etag))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed, "CONFLICT");
    }

    [Fact]
    public async Task ConcurrentDeleteOfAnAccountAndCreateOfADealPointingToIt_NeverBothSucceed()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        for (var round = 0; round < 15; round++)
        {
            var account = await AccountAsync(rep);
            var delete = manager.DeleteAsync($"{Accounts}/{account.Id()}");
            var create = rep.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("竞争"), account = account.Id() } });
            var (deleted, created) = (await delete, await create);

            var text = $"round {round}: delete {(int)deleted.StatusCode}, create {(int)created.StatusCode}";
            if (deleted.StatusCode == HttpStatusCode.NoContent)
            {
                // The delete went first: the create was refused, nothing points to the deleted account.
                AssertFieldReference(await created.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"), "account");
                await (await rep.GetAsync($"{Accounts}/{account.Id()}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
            }
            else
            {
                Assert.True(created.StatusCode == HttpStatusCode.Created, text);
                await deleted.AssertProblemAsync(HttpStatusCode.Conflict, "REFERENCED");
                await (await rep.GetAsync($"{Accounts}/{account.Id()}")).AssertOkAsync();
            }
        }
    }
}

public sealed class ReferencesApiOnSqlite(SqlitePortal server) : ReferencesApiTests(server), IClassFixture<SqlitePortal>;

public sealed class ReferencesApiOnPostgres(PostgresPortal server) : ReferencesApiTests(server), IClassFixture<PostgresPortal>;
