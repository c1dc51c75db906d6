using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>
/// contact.email is unique in the sample package: held by the database under races (exactly one of
/// many concurrent saves stores a value), answered 422 FIELD_UNIQUE naming the existing record, never 500.
/// </summary>
public abstract class UniqueValuesApiTests(PortalServer server)
{
    private const string Contacts = "/api/v1/objects/contact/records";

    private static object Contact(string lastName, string email) => new { values = new { last_name = lastName, first_name = "测试", email } };

    private static JsonElement UniqueError(JsonElement problem)
    {
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        var error = Assert.Single(errors);
        Assert.Equal(("email", "FIELD_UNIQUE"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        return error;
    }

    [Fact]
    public async Task FiftyConcurrentCreates_WithOneEmail_StoreExactlyOne_AndAnswerTheOthers422FieldUnique()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var lastName = Deals.Unique("并发");
        var email = $"{lastName}@example.cn";

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            rep.PostJsonAsync(Contacts, Contact(lastName, i % 3 == 0 ? email.ToUpperInvariant() : i % 3 == 1 ? $"  {email} " : email))));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(49, statuses.Count(s => s == HttpStatusCode.UnprocessableEntity));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            UniqueError(await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"));
        var stored = await (await rep.GetAsync($"{Contacts}?q={Uri.EscapeDataString(lastName)}&pageSize=200")).AssertOkAsync();
        Assert.Equal(1, stored.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnUpdateRacingACreate_ForOneEmail_OneWinsAndTheOtherIsFieldUnique()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        for (var round = 0; round < 10; round++)
        {
            var lastName = Deals.Unique("抢占");
            var (existing, etag) = await CreateAsync(rep, Contact(lastName, $"{lastName}-old@example.cn"));
            var wanted = $"{lastName}@example.cn";

            var update = rep.SendJsonAsync(HttpMethod.Patch, $"{Contacts}/{existing.Id()}", JsonSerializer.Serialize(new { values = new { email = wanted } }), etag);
            var create = rep.PostJsonAsync(Contacts, Contact(lastName + "b", wanted.ToUpperInvariant()));
            var (updated, created) = (await update, await create);

            var outcomes = new[] { updated.StatusCode, created.StatusCode };
            Assert.True(outcomes.Count(s => s is HttpStatusCode.OK or HttpStatusCode.Created) == 1,
                $"round {round}: update {(int)updated.StatusCode}, create {(int)created.StatusCode}");
            var loser = updated.StatusCode == HttpStatusCode.OK ? created : updated;
            UniqueError(await loser.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"));
        }
    }

    [Fact]
    public async Task Duplicate_Is422NamingTheExistingContactByTitleAndId_InTheCallersLanguage()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var repZh = await server.SignInAsync("rep2@funnelstudio.local", "zh-CN");
        var lastName = Deals.Unique("重复");
        var (existing, _) = await CreateAsync(rep, Contact(lastName, $"{lastName}@Example.cn"));

        var english = UniqueError(await (await rep.PostJsonAsync(Contacts, Contact("另一个", $" {lastName}@EXAMPLE.CN")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"));
        var chinese = UniqueError(await (await repZh.PostJsonAsync(Contacts, Contact("另一个", $"{lastName}@example.cn")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED"));

        Assert.Equal(existing.Id(), english.GetProperty("existingRecordId").GetString());
        Assert.Contains(existing.GetProperty("title").GetString()!, english.GetProperty("message").GetString());
        Assert.Contains(existing.Id(), english.GetProperty("message").GetString());
        Assert.Contains("已使用该值", chinese.GetProperty("message").GetString());
    }

    [Fact]
    public async Task DifferentEmails_AndContactsWithoutOne_AreNeverDuplicates()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var lastName = Deals.Unique("不同");

        await CreateAsync(rep, Contact(lastName, $"{lastName}-1@example.cn"));
        await CreateAsync(rep, Contact(lastName, $"{lastName}-2@example.cn"));
        await CreateAsync(rep, new { values = new { last_name = lastName, first_name = "甲", phone = Deals.UniquePhone() } });
        await CreateAsync(rep, new { values = new { last_name = lastName, first_name = "乙", phone = Deals.UniquePhone() } });
    }

    private static async Task<(JsonElement Record, string ETag)> CreateAsync(HttpClient client, object body)
    {
        var response = await client.PostJsonAsync(Contacts, body);
        return (await response.AssertOkAsync(HttpStatusCode.Created), response.ETag());
    }
}

public sealed class UniqueValuesApiOnSqlite(SqlitePortal server) : UniqueValuesApiTests(server), IClassFixture<SqlitePortal>;

public sealed class UniqueValuesApiOnPostgres(PostgresPortal server) : UniqueValuesApiTests(server), IClassFixture<PostgresPortal>;
