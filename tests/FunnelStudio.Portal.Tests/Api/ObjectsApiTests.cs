using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>GET /api/v1/objects: the package's metadata in the request's language; the OpenAPI document.</summary>
public abstract class ObjectsApiTests(PortalServer server)
{
    private static JsonElement Deal(JsonElement metadata) =>
        metadata.GetProperty("objects").EnumerateArray().Single(o => o.GetProperty("name").GetString() == "deal");

    private static JsonElement Field(JsonElement obj, string name) =>
        obj.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == name);

    [Fact]
    public async Task Objects_InEnglish_DescribeFieldsAndStages()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local", "en");
        var metadata = await (await rep.GetAsync("/api/v1/objects")).AssertOkAsync();
        Assert.Equal("en", metadata.GetProperty("locale").GetString());
        Assert.Equal(new[] { "account", "contact", "deal" },
            metadata.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("name").GetString()).Order().ToArray());

        var deal = Deal(metadata);
        Assert.Equal("Deal", deal.GetProperty("label").GetString());
        var name = Field(deal, "name");
        Assert.Equal("text", name.GetProperty("type").GetString());
        Assert.True(name.GetProperty("required").GetBoolean());
        var weighted = Field(deal, "weighted_amount");
        Assert.Equal("formula", weighted.GetProperty("type").GetString());
        Assert.True(weighted.GetProperty("readOnly").GetBoolean());
        var source = Field(deal, "source");
        Assert.Contains(source.GetProperty("options").EnumerateArray(), o => o.GetProperty("name").GetString() == "webinar" && o.GetProperty("label").GetString() == "Webinar");

        var stages = deal.GetProperty("pipeline").GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(new[] { "lead", "mql", "sql", "opportunity", "won", "lost" }, stages.Select(s => s.GetProperty("name").GetString()).ToArray());
        Assert.Equal("Lead", stages[0].GetProperty("label").GetString());
        Assert.Equal(5m, stages[0].GetProperty("probability").GetDecimal());
        Assert.StartsWith("Basic contact details", stages[0].GetProperty("definition").GetString());
        Assert.False(string.IsNullOrEmpty(stages[0].GetProperty("guidance").GetString()));
        Assert.Equal("won", stages[4].GetProperty("terminal").GetString());
    }

    [Fact]
    public async Task Objects_InChinese_UseThePackagesChineseLabels()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local", "zh-CN");
        var metadata = await (await rep.GetAsync("/api/v1/objects")).AssertOkAsync();
        Assert.Equal("zh-CN", metadata.GetProperty("locale").GetString());
        var deal = Deal(metadata);
        Assert.Equal("商机", deal.GetProperty("label").GetString());
        Assert.Equal("金额", Field(deal, "amount").GetProperty("label").GetString());
        Assert.Equal("线索", deal.GetProperty("pipeline").GetProperty("stages")[0].GetProperty("label").GetString());
    }

    [Fact]
    public async Task Objects_WithoutALanguagePreference_UseThePackagesDefaultLocale()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        rep.DefaultRequestHeaders.AcceptLanguage.Clear();
        var metadata = await (await rep.GetAsync("/api/v1/objects")).AssertOkAsync();
        Assert.Equal("zh-CN", metadata.GetProperty("locale").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_IsServed_AndDescribesTheRecordsApi()
    {
        using var anonymous = server.Anonymous();
        var document = await (await anonymous.GetAsync("/openapi/v1.json")).AssertOkAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/objects/{object}/records", out _));
        Assert.True(paths.TryGetProperty("/api/v1/objects/{object}/records/{id}/stage", out _));
        Assert.True(paths.TryGetProperty("/api/v1/identity/login", out _));
    }
}

public sealed class ObjectsApiOnSqlite(SqlitePortal server) : ObjectsApiTests(server), IClassFixture<SqlitePortal>;

public sealed class ObjectsApiOnPostgres(PostgresPortal server) : ObjectsApiTests(server), IClassFixture<PostgresPortal>;
