using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>Tampered requests get a 4xx problem+json with a stable code — never a 500 — and nothing is written.</summary>
public abstract class BadInputTests(PortalServer server)
{
    private async Task<int> CountAsync(HttpClient client) =>
        (await (await client.GetAsync($"{Deals.Url}?pageSize=1")).AssertOkAsync()).GetProperty("total").GetInt32();

    [Theory]
    [InlineData("""{ "values": { "name": "x", "no_such_field": 1 } }""", "FIELD_UNKNOWN", "no_such_field")]
    [InlineData("""{ "values": { "name": "x", "amount": "lots" } }""", "FIELD_TYPE", "amount")]
    [InlineData("""{ "values": { "name": "x", "amount": 1e400 } }""", "FIELD_TYPE", "amount")]
    [InlineData("""{ "values": { "name": "x", "amount": -5 } }""", "FIELD_RANGE", "amount")]
    [InlineData("""{ "values": { "name": "x", "icp_fit": "yes please" } }""", "FIELD_TYPE", "icp_fit")]
    [InlineData("""{ "values": { "name": "x", "weighted_amount": 99 } }""", "FIELD_READ_ONLY", "weighted_amount")]
    [InlineData("""{ "values": { "name": "x", "deal_no": "DEAL-9999" } }""", "FIELD_READ_ONLY", "deal_no")]
    [InlineData("""{ "values": { "name": "x", "source": "carrier_pigeon" } }""", "FIELD_OPTION", "source")]
    [InlineData("""{ "values": { "amount": 10 } }""", "FIELD_REQUIRED", "name")]
    public async Task Create_WithTamperedValues_Returns422WithTheFieldError_AndWritesNothing(string body, string code, string field)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var before = await CountAsync(rep);
        var problem = await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, body))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(),
            e => e.GetProperty("code").GetString() == code && e.GetProperty("field").GetString() == field);
        Assert.Equal(before, await CountAsync(rep));
    }

    [Theory]
    [InlineData("""{ "values": { "name": "x" """, HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""[1, 2, 3]""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("""not json at all""", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    [InlineData("", HttpStatusCode.BadRequest, "BAD_REQUEST")]
    public async Task Create_WithMalformedJson_Returns400(string body, HttpStatusCode status, string code)
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, body)).AssertProblemAsync(status, code);
    }

    [Fact]
    public async Task Create_WithDeeplyNestedJson_Returns400()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var body = "{\"values\":{\"name\":" + new string('[', 500) + new string(']', 500) + "}}";
        await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, body)).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Create_WithATenMegabyteBody_Returns413()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var body = "{\"values\":{\"name\":\"" + new string('x', 10 * 1024 * 1024) + "\"}}";
        await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, body)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "PAYLOAD_TOO_LARGE");
    }

    [Fact]
    public async Task Create_WithAFormPost_Returns415()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        await (await rep.SendJsonAsync(HttpMethod.Post, Deals.Url, "name=x", contentType: "application/x-www-form-urlencoded"))
            .AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task UnknownObject_Returns400()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        await (await rep.GetAsync("/api/v1/objects/spaceship/records")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.PostJsonAsync("/api/v1/objects/spaceship/records", new { values = new { name = "x" } }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task UnknownRecord_Returns404()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        await (await rep.GetAsync($"{Deals.Url}/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await rep.GetAsync($"{Deals.Url}/not-a-guid")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await rep.PatchJsonAsync($"{Deals.Url}/{Guid.NewGuid()}", new { values = new { amount = 1 } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Patch_WithTamperedValues_KeepsTheStoredRecord()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("篡改"), amount = 100 });
        await (await rep.PatchJsonAsync(deal.RecordUrl(), new { values = new { amount = 200, weighted_amount = 1 } }, etag))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        await (await rep.SendJsonAsync(HttpMethod.Patch, deal.RecordUrl(), "{ \"values\": ", etag))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        var stored = await rep.GetAsync(deal.RecordUrl());
        Assert.Equal(etag, stored.ETag());
        Assert.Equal(100m, (await stored.AssertOkAsync()).GetProperty("values").GetProperty("amount").GetDecimal());
    }

    [Fact]
    public async Task MoveStage_WithMalformedBodies_Returns400()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("坏请求") });
        await (await rep.SendJsonAsync(HttpMethod.Post, $"{deal.RecordUrl()}/stage", "{}")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.SendJsonAsync(HttpMethod.Post, $"{deal.RecordUrl()}/stage", """{ "to": 5 }""")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep.SendJsonAsync(HttpMethod.Post, $"{deal.RecordUrl()}/stage", """{ "to": "mql", "values": [1] }""")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        // A wrong type among the values: refused (422) with the field error, whatever else blocks the move.
        var typed = await rep.SendJsonAsync(HttpMethod.Post, $"{deal.RecordUrl()}/stage", """{ "to": "mql", "values": { "amount": "x" } }""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, typed.StatusCode);
        var problem = await typed.JsonAsync();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("code").GetString() == "FIELD_TYPE");
    }
}

public sealed class BadInputOnSqlite(SqlitePortal server) : BadInputTests(server), IClassFixture<SqlitePortal>;

public sealed class BadInputOnPostgres(PostgresPortal server) : BadInputTests(server), IClassFixture<PostgresPortal>;
