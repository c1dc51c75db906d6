using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Reports;

public sealed class ReportsApiOnSqlite(SqlitePortal server) : ReportsApiTests(server), IClassFixture<SqlitePortal>;

/// <summary>
/// <c>/api/v1/reports</c> over real HTTP with the b2b-saas package: 422 with every code and path,
/// who may build, save/list/get/run/delete, the package's dashboard reports, and a rep's run that
/// never counts another rep's deals. Each test counts only deals whose name carries its own prefix.
/// </summary>
public abstract class ReportsApiTests(PortalServer server)
{
    private const string Url = "/api/v1/reports";

    private static object Report(string prefix, object[]? groupBy = null, object[]? measures = null, string display = "bar", string[]? sharedWith = null) => new
    {
        name = $"Report {prefix}",
        @object = "deal",
        filters = new object[] { new { field = "name", @operator = "contains", value = prefix } },
        groupBy = groupBy ?? [new { field = "stage" }],
        measures = measures ?? [new { aggregate = "count" }, new { aggregate = "sum", field = "amount" }],
        display,
        sharedWith = sharedWith ?? [],
    };

    private async Task<(string Prefix, HttpClient Rep1, HttpClient Rep2, string Rep1Id)> SeedAsync()
    {
        var prefix = Deals.Unique("rpt");
        var rep1Email = TestUsers.UniqueEmail("rep1");
        var rep2Email = TestUsers.UniqueEmail("rep2");
        var rep1Id = await server.CreateUserAsync(rep1Email, "rep");
        await server.CreateUserAsync(rep2Email, "rep");
        var rep1 = await server.SignInAsync(rep1Email);
        var rep2 = await server.SignInAsync(rep2Email);
        foreach (var (client, amount) in new[] { (rep1, 100m), (rep1, 250m), (rep2, 1000m) })
            await Deals.CreateAsync(client, new { name = $"{prefix} {amount}", amount, source = "website" });
        return (prefix, rep1, rep2, rep1Id);
    }

    private static decimal Sum(JsonElement result, int measure) =>
        result.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("values")[measure].GetDecimal());

    [Fact]
    public async Task Create_AnInvalidDefinition_Is422_WithEveryProblemsCodeAndPath()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var body = new
        {
            name = "Broken", @object = "deal", display = "radar",
            filters = new object[] { new { field = "budget", @operator = "eq", value = "1" }, new { field = "amount", @operator = "contains", value = "1" },
                new { field = "close_date", @operator = "between", values = new[] { "2010-01-01", "2026-01-01" } } },
            groupBy = new object[] { new { field = "stage" }, new { field = "owner" }, new { field = "source" } },
            measures = new object[] { new { aggregate = "sum", field = "name" } },
        };

        var problem = await (await admin.PostJsonAsync(Url, body)).AssertProblemAsync((HttpStatusCode)422, "REPORT_DISPLAY");

        Assert.Equal(
            [("REPORT_DISPLAY", "$.display"), ("REPORT_UNKNOWN_FIELD", "$.filters[0].field"), ("REPORT_OPERATOR", "$.filters[1].operator"),
             ("REPORT_PERIOD_TOO_LONG", "$.filters[2].values"), ("REPORT_TOO_MANY_GROUPS", "$.groupBy"), ("REPORT_MEASURE_TYPE", "$.measures[0].field")],
            problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("code").GetString(), e.GetProperty("path").GetString())));
        Assert.DoesNotContain((await (await admin.GetAsync(Url)).AssertOkAsync()).GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == "Broken");
    }

    [Fact]
    public async Task Create_WithAnUnknownProperty_Is400_AndARepWhoReadsOnlyTheirOwn_Is403()
    {
        var (prefix, rep1, _, _) = await SeedAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var unknown = await (await admin.SendJsonAsync(HttpMethod.Post, Url, """{ "name": "x", "object": "deal", "colour": "red" }""")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
        await (await rep1.PostJsonAsync(Url, Report(prefix))).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep1.PostJsonAsync($"{Url}/run", Report(prefix))).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");

        Assert.Equal("$.colour", unknown.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Save_List_Get_Run_Delete_AsAdmin_CountsEveryMatchingDeal()
    {
        var (prefix, _, _, _) = await SeedAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var created = await (await admin.PostJsonAsync(Url, Report(prefix))).AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var listed = await (await admin.GetAsync(Url)).AssertOkAsync();
        var got = await (await admin.GetAsync($"{Url}/{id}")).AssertOkAsync();
        var run = await (await admin.PostJsonAsync($"{Url}/{id}/run", new { timeZone = "Asia/Shanghai" })).AssertOkAsync();

        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
        Assert.Equal($"Report {prefix}", got.GetProperty("title").GetString());
        Assert.Equal(3m, Sum(run, 0));
        Assert.Equal(1350m, Sum(run, 1));
        Assert.Equal("Asia/Shanghai", run.GetProperty("timeZone").GetString());
        var row = run.GetProperty("rows")[0];
        Assert.Equal(("lead", "Lead"), (row.GetProperty("keys")[0].GetString(), row.GetProperty("labels")[0].GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Url}/{id}")).StatusCode);
        await (await admin.GetAsync($"{Url}/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task RunPackageReport_AsARep_CountsOnlyTheRepsOwnDeals_AndCannotDeleteIt()
    {
        var (prefix, rep1, _, rep1Id) = await SeedAsync();
        const string id = "pkg.sales_funnel_health.pipeline_by_owner_and_stage";

        var listed = await (await rep1.GetAsync(Url)).AssertOkAsync();
        var run = await (await rep1.PostJsonAsync($"{Url}/{id}/run", new { })).AssertOkAsync();

        Assert.Contains(listed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id && i.GetProperty("fromPackage").GetBoolean());
        Assert.All(run.GetProperty("rows").EnumerateArray(), r => Assert.Equal(rep1Id, r.GetProperty("keys")[0].GetString()));
        Assert.Equal(350m, Sum(run, 0));
        await (await rep1.DeleteAsync($"{Url}/{id}")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.NotNull(prefix);
    }

    [Fact]
    public async Task RunUnsaved_ByOwnerWithAPeriodOfTheSavedRun_AnswersPerOwner_AndAnUnknownTimeZone_Is400()
    {
        var (prefix, _, _, rep1Id) = await SeedAsync();
        using var admin = await server.SignInAsync(TestUsers.Admin);

        var run = await (await admin.PostJsonAsync($"{Url}/run?timeZone=Europe/Berlin", Report(prefix, groupBy: [new { field = "owner" }]))).AssertOkAsync();
        await (await admin.PostJsonAsync($"{Url}/run?timeZone=Mars/Olympus", Report(prefix))).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");

        var rows = run.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("keys")[0].GetString()!, r => r.GetProperty("values")[0].GetDecimal());
        Assert.Equal(2m, rows[rep1Id]);
        Assert.Equal(3m, rows.Values.Sum());
    }
}
