using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.References;

/// <summary>
/// Every onDelete over real HTTP, on a package of its own (TestData/links): person.company cascades,
/// task.person clears, invoice.company restricts; reps read only their own invoices.
/// </summary>
public abstract class ReferenceRulesTests(PortalServer server)
{
    private static string Url(string obj) => $"/api/v1/objects/{obj}/records";

    private static async Task<JsonElement> CreateAsync(HttpClient client, string obj, object values) =>
        await (await client.PostJsonAsync(Url(obj), new { values })).AssertOkAsync(HttpStatusCode.Created);

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string obj, JsonElement record) => client.GetAsync($"{Url(obj)}/{record.Id()}");

    [Fact]
    public async Task Delete_OfACompany_DeletesItsPeople_AndClearsTheirTasks_AsTheDeletingUser()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var company = await CreateAsync(rep, "company", new { name = Deals.Unique("Acme") });
        var person = await CreateAsync(rep, "person", new { name = "Wang Fang", email = $"{Guid.NewGuid():N}@acme.cn", company = company.Id() });
        var taskResponse = await rep.PostJsonAsync(Url("task"), new { values = new { name = "Call Wang Fang", person = person.Id() } });
        var task = await taskResponse.AssertOkAsync(HttpStatusCode.Created);

        Assert.Equal(HttpStatusCode.NoContent, (await rep.DeleteAsync($"{Url("company")}/{company.Id()}")).StatusCode);

        await (await GetAsync(rep, "company", company)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await GetAsync(rep, "person", person)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var read = await GetAsync(rep, "task", task);
        var cleared = await read.AssertOkAsync();
        Assert.False(cleared.GetProperty("values").TryGetProperty("person", out var left) && left.ValueKind != JsonValueKind.Null);
        Assert.NotEqual(taskResponse.ETag(), read.ETag());
        // The task's history shows the cleared person, changed by the rep who deleted the company.
        using var pages = await server.SignInToPagesAsync("rep@funnelstudio.local");
        var html = await pages.GetStringAsync($"/o/task/{task.Id()}");
        var history = html[html.IndexOf("id=\"fs-field-history\"", StringComparison.Ordinal)..];
        Assert.Contains("Person", history);
        Assert.Contains("李娜 Li Na", history); // the display name of rep@funnelstudio.local
        // The deleted person's email is free again.
        await CreateAsync(rep, "person", new { name = "Again", email = person.GetProperty("values").GetProperty("email").GetString() });
    }

    [Fact]
    public async Task Delete_ThatWouldCascadeToSomeoneElsesPerson_Is403Forbidden_AndDeletesNothing()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var company = await CreateAsync(rep, "company", new { name = Deals.Unique("Globex") });
        var mine = await CreateAsync(rep, "person", new { name = "Mine", company = company.Id() });
        var theirs = await CreateAsync(rep2, "person", new { name = "Theirs", company = company.Id() });

        var problem = await (await rep.DeleteAsync($"{Url("company")}/{company.Id()}")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Contains("1 Person", problem.GetProperty("detail").GetString());
        await (await GetAsync(rep, "company", company)).AssertOkAsync();
        await (await GetAsync(rep, "person", mine)).AssertOkAsync();
        await (await GetAsync(rep, "person", theirs)).AssertOkAsync();
        // Their manager reaches both people: the cascade goes through.
        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{Url("company")}/{company.Id()}")).StatusCode);
        await (await GetAsync(rep, "person", theirs)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Delete_OfACompanyAnInvoicePointsTo_Is409Referenced_EvenThroughACascade()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var company = await CreateAsync(rep, "company", new { name = Deals.Unique("Initech") });
        var person = await CreateAsync(rep, "person", new { name = "Stays", company = company.Id() });
        await CreateAsync(rep, "invoice", new { number = Deals.Unique("INV"), company = company.Id() });
        await CreateAsync(rep, "invoice", new { number = Deals.Unique("INV"), company = company.Id() });

        var problem = await (await rep.DeleteAsync($"{Url("company")}/{company.Id()}")).AssertProblemAsync(HttpStatusCode.Conflict, "REFERENCED");

        var reference = Assert.Single(problem.GetProperty("references").EnumerateArray());
        Assert.Equal(("invoice", "company", 2),
            (reference.GetProperty("object").GetString(), reference.GetProperty("field").GetString(), reference.GetProperty("count").GetInt32()));
        await (await GetAsync(rep, "person", person)).AssertOkAsync();
    }

    [Fact]
    public async Task Lookup_ToARecordTheUserMayNotRead_Is422FieldReference()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var theirs = await CreateAsync(rep2, "invoice", new { number = Deals.Unique("INV") });
        var mine = await CreateAsync(rep, "invoice", new { number = Deals.Unique("INV") });

        var refused = await rep.PostJsonAsync(Url("task"), new { values = new { name = "x", invoice = theirs.Id() } });

        var error = Assert.Single((await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED")).GetProperty("errors").EnumerateArray());
        Assert.Equal(("invoice", "FIELD_REFERENCE"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        await CreateAsync(rep, "task", new { name = "y", invoice = mine.Id() });
    }

    [Fact]
    public async Task Duplicate_OfARecordTheUserMayNotRead_NamesOnlyAnotherRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var number = Deals.Unique("INV");
        var theirs = await CreateAsync(rep2, "invoice", new { number });

        var refused = await rep.PostJsonAsync(Url("invoice"), new { values = new { number = number.ToLowerInvariant() } });

        var error = Assert.Single((await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED")).GetProperty("errors").EnumerateArray());
        Assert.Equal(("number", "FIELD_UNIQUE"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        Assert.False(error.TryGetProperty("existingRecordId", out _));
        Assert.Contains("another record", error.GetProperty("message").GetString());
        Assert.DoesNotContain(theirs.Id(), error.GetProperty("message").GetString());
    }
}

public sealed class ReferenceRulesOnSqlite(SqliteLinksPortal server) : ReferenceRulesTests(server), IClassFixture<SqliteLinksPortal>;

public sealed class ReferenceRulesOnPostgres(PostgresLinksPortal server) : ReferenceRulesTests(server), IClassFixture<PostgresLinksPortal>;
