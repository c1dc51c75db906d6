using System.Net;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Documents;

/// <summary>Printable documents: the record page's buttons, the document page and the API, over real HTTP.</summary>
public abstract class DocumentTests(DocumentPortal server)
{
    private const string Rep = "rep@funnelstudio.local";

    private static string Page(string id, string name) => $"/o/deal/{id}/documents/{name}";

    private static string Api(string id, string name) => $"{Deals.Url}/{id}/documents/{name}";

    private async Task<string> CreateDealAsync(string name)
    {
        using var rep = await server.SignInAsync(Rep);
        var (record, _) = await Deals.CreateAsync(rep, new { name, amount = 1000, discount = 10 });
        return record.Id();
    }

    [Fact]
    public async Task Quote_IsAButtonOnTheRecordPage_AndPrintsTheDealWithValuesEscaped()
    {
        var name = Deals.Unique("<script>alert(1)</script> Acme");
        var id = await CreateDealAsync(name);
        using var pages = await server.SignInToPagesAsync(Rep);

        var record = await pages.GetStringAsync($"/o/deal/{id}");
        Assert.Contains("data-document=\"quote\"", record);
        Assert.Contains($"href=\"/o/deal/{id}/documents/quote\"", record);
        Assert.Contains("<i class=\"bi bi-file-earmark-text me-1\" aria-hidden=\"true\"></i>Quote", record);

        var response = await pages.GetAsync(Page(id, "quote"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Quotation</h1>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Acme", html);
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("¥900.00", html);
        Assert.Contains("id=\"fs-document-print\"", html);
        Assert.Contains("/css/document.css", html);
        Assert.DoesNotContain("navbar", html);
    }

    [Fact]
    public async Task Quote_InChinese_UsesTheChineseLabels()
    {
        var id = await CreateDealAsync(Deals.Unique("中文报价"));
        using var pages = await server.SignInToPagesAsync(Rep, "zh-CN");
        var html = await pages.GetStringAsync(Page(id, "quote"));
        Assert.Contains("<h1>报价单</h1>", html);
        Assert.Contains(">打印<", html);
        Assert.Contains("优惠幅度 (10%)", html);
    }

    [Fact]
    public async Task FailingTemplate_ShowsItsErrorOnThePage_AndIs422OnTheApi()
    {
        var id = await CreateDealAsync(Deals.Unique("broken"));
        using var pages = await server.SignInToPagesAsync(Rep);

        var response = await pages.GetAsync(Page(id, "broken"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"fs-document-error\"", html);
        Assert.Contains("iteration limit", html);
        Assert.DoesNotContain("id=\"fs-document-print\"", html);

        using var api = await server.SignInAsync(Rep);
        var problem = await (await api.GetAsync(Api(id, "broken"))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "TEMPLATE_FAILED");
        Assert.Contains("templates/broken.sbn", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RoleRestrictedDocument_IsNeitherShownNorServed_ToOtherRoles()
    {
        var id = await CreateDealAsync(Deals.Unique("managers"));
        using var rep = await server.SignInToPagesAsync(Rep);
        using var manager = await server.SignInToPagesAsync("manager@funnelstudio.local");

        Assert.DoesNotContain("data-document=\"managers\"", await rep.GetStringAsync($"/o/deal/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(Page(id, "managers"))).StatusCode);
        Assert.Contains("data-document=\"managers\"", await manager.GetStringAsync($"/o/deal/{id}"));
        Assert.Contains("For managers: managers-", await manager.GetStringAsync(Page(id, "managers")));
    }

    [Fact]
    public async Task UnknownDocumentOrRecord_Is404_AndAnotherRepsRecord_AnswersAsItsRecordPage()
    {
        var id = await CreateDealAsync(Deals.Unique("someone else's"));
        using var rep = await server.SignInToPagesAsync(Rep);
        using var rep2 = await server.SignInToPagesAsync("rep2@funnelstudio.local");

        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(Page(id, "invoice"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync(Page(Guid.NewGuid().ToString(), "quote"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/o/nothing/{id}/documents/quote")).StatusCode);
        var recordPage = (await rep2.GetAsync($"/o/deal/{id}")).StatusCode;
        Assert.Equal(HttpStatusCode.Forbidden, recordPage);
        Assert.Equal(recordPage, (await rep2.GetAsync(Page(id, "quote"))).StatusCode);
    }

    [Fact]
    public async Task Api_ReturnsTheDocumentAsHtml_AndProblemsForWhatItCannotPrint()
    {
        var id = await CreateDealAsync(Deals.Unique("api & co"));
        using var rep = await server.SignInAsync(Rep);
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");

        var response = await rep.GetAsync(Api(id, "quote"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<article class=\"quote\">", html.TrimStart());
        Assert.Contains("api &amp; co", html);

        await (await rep.GetAsync(Api(id, "invoice"))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await rep.GetAsync(Api(id, "managers"))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await rep.GetAsync(Api(Guid.NewGuid().ToString(), "quote"))).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await rep2.GetAsync(Api(id, "quote"))).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }
}

public sealed class DocumentsOnSqlite(SqliteDocumentPortal server) : DocumentTests(server), IClassFixture<SqliteDocumentPortal>;

public sealed class DocumentsOnPostgres(PostgresDocumentPortal server) : DocumentTests(server), IClassFixture<PostgresDocumentPortal>;
