using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>
/// Values that used to break a page for everyone: a currency of 7.9e28 (the board's sums overflowed)
/// and a NUL (PostgreSQL refused it, failing the batch of creates it joined). Now a field error,
/// while the board and every other create carry on; a NUL in a search or filter finds nothing.
/// </summary>
public abstract partial class ValueLimitsApiTests(PortalServer server)
{
    [Fact]
    public async Task Create_WithACurrencyOf7_9e28_Is422_AndTheBoardStays200ForEveryone()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");

        var problem = await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, """{ "values": { "name": "Huge", "amount": 7.9e28 } }"""))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("amount", "FIELD_RANGE"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));

        // The largest amount a deal may have, three times in one stage: the column's sum still fits.
        for (var i = 0; i < 3; i++)
            await Deals.CreateAsync(rep, new { name = Deals.Unique("Largest"), amount = 1_000_000_000_000_000m, source = "website", close_date = "2027-06-30" });
        foreach (var email in new[] { "rep@funnelstudio.local", "manager@funnelstudio.local", "admin@funnelstudio.local", "finance@funnelstudio.local" })
        {
            using var client = await CookieClientAsync(email);
            var board = await client.GetAsync("/o/deal/board");
            Assert.True(board.StatusCode == HttpStatusCode.OK, $"{email}: board answered {(int)board.StatusCode}");
        }
    }

    [Fact]
    public async Task Create_WithANulInText_Is422_WhileValidCreatesInTheSameMomentSucceed()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var before = await CountAsync(rep);

        var bad = Enumerable.Range(0, 8).Select(i => rep.SendJsonAsync(HttpMethod.Post, Deals.Url,
            $$"""{ "values": { "name": "Poison {{i}}\u0000", "source": "website" } }"""));
        var good = Enumerable.Range(0, 8).Select(i => rep.PostJsonAsync(Deals.Url, new { values = new { name = Deals.Unique("Healthy"), source = "website" } }));
        var answers = await Task.WhenAll(bad.Concat(good));

        foreach (var answer in answers.Take(8))
        {
            var problem = await answer.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
            var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
            Assert.Equal(("name", "FIELD_CONTROL_CHARACTER"), (error.GetProperty("field").GetString(), error.GetProperty("code").GetString()));
        }
        foreach (var answer in answers.Skip(8)) await answer.AssertOkAsync(HttpStatusCode.Created);
        Assert.Equal(before + 8, await CountAsync(rep));
    }

    [Theory]
    [InlineData("""{ "values": { "name": "half \ud800 a character" } }""", "name", "FIELD_CONTROL_CHARACTER")]
    [InlineData("""{ "values": { "name": "ok", "lost_detail": "bell \u0007" } }""", "lost_detail", "FIELD_CONTROL_CHARACTER")]
    [InlineData("""{ "values": { "name": "ok", "timeline": "two\nlines" } }""", "timeline", "FIELD_CONTROL_CHARACTER")]
    [InlineData("""{ "values": { "name": "ok", "discount": 1000001 } }""", "discount", "FIELD_RANGE")]
    public async Task Create_WithTextOrNumbersNoPageCouldShow_Is422WithTheFieldError(string body, string field, string code)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");

        var problem = await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, body))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("field").GetString() == field && e.GetProperty("code").GetString() == code);
    }

    [Fact]
    public async Task Create_WithAFieldNameHoldingHalfACharacter_Is422NotA500()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");

        var problem = await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, """{ "values": { "name": "ok", "na\udc00me": "x" } }"""))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");

        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "FIELD_UNKNOWN");
    }

    [Fact]
    public async Task LongText_KeepsItsLineBreaksAndTabs()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");

        var (record, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Notes"), lost_detail = "first\nsecond\r\n\tthird" });

        Assert.Equal("first\nsecond\r\n\tthird", record.GetProperty("values").GetProperty("lost_detail").GetString());
    }

    [Theory]
    [InlineData("q=%00")]
    [InlineData("q=Acme%00")]
    [InlineData("owner=%00")]
    [InlineData("q=%ED%A0%80")]
    [InlineData("q=%01%02")]
    public async Task SearchOrFilterWithAControlCharacter_FindsNothing_NeverA500(string query)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");

        var page = await (await rep.GetAsync($"{Deals.Url}?{query}")).AssertOkAsync();

        if (!query.Contains("%ED")) Assert.Equal(0, page.GetProperty("total").GetInt32());
        using var client = await CookieClientAsync("rep@funnelstudio.local");
        foreach (var path in new[] { $"/o/deal?{query}", $"/o/deal/board?{query}", $"/o/account/lookup?{query}" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Login_WithANulInTheEmail_IsTheUsualRefusal()
    {
        using var client = server.Anonymous();

        var response = await client.PostAsJsonAsync("/api/v1/identity/login", new { email = "rep@funnelstudio.local\0", password = PortalServer.Password });

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    private static async Task<int> CountAsync(HttpClient client) =>
        (await (await client.GetAsync($"{Deals.Url}?pageSize=1")).AssertOkAsync()).GetProperty("total").GetInt32();

    private async Task<HttpClient> CookieClientAsync(string email)
    {
        var client = server.Anonymous();
        var form = await client.GetStringAsync("/Account/Login");
        var signIn = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = TokenPattern().Match(form).Groups[1].Value, ["Input.Email"] = email, ["Input.Password"] = PortalServer.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public sealed class ValueLimitsApiOnSqlite(SqlitePortal server) : ValueLimitsApiTests(server), IClassFixture<SqlitePortal>;

public sealed class ValueLimitsApiOnPostgres(PostgresPortal server) : ValueLimitsApiTests(server), IClassFixture<PostgresPortal>;
