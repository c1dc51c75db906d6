using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Tracing;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Tracing;

/// <summary>
/// Save traces in the portal: the record page's "Last save trace" panel and the trace API for admins
/// only, and the admin page listing script failures. Traces are written a moment after the save
/// (batched in the background), so the tests wait for them to appear.
/// </summary>
public abstract class SaveTracePagesTests(PortalServer server)
{
    private const string Admin = "admin@funnelstudio.local";
    private const string Rep = "rep@funnelstudio.local";

    /// <summary>GETs <paramref name="url"/> until the answer contains <paramref name="expected"/> (10 s at most); returns the last answer.</summary>
    private static async Task<string> WaitForAsync(HttpClient client, string url, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var text = await client.GetStringAsync(url);
            if (text.Contains(expected, StringComparison.Ordinal) || DateTime.UtcNow > deadline) return text;
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task RefusedSave_IsShownInTheLastSaveTracePanel_ToAnAdmin_AndNotToTheRep()
    {
        using var repApi = await server.SignInAsync(Rep);
        var (deal, etag) = await Deals.CreateAsync(repApi, new { name = Deals.Unique("Trace"), source = "website" });
        var refused = await repApi.PatchJsonAsync(deal.RecordUrl(), new { values = new { discount = 40 } }, etag);
        await refused.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        using var admin = await server.SignInToPagesAsync(Admin);
        using var rep = await server.SignInToPagesAsync(Rep);

        var adminPage = await WaitForAsync(admin, $"/o/deal/{deal.Id()}", "discount_needs_manager");
        var repPage = await rep.GetStringAsync($"/o/deal/{deal.Id()}");

        Assert.Contains("id=\"fs-save-trace\"", adminPage);
        Assert.Contains("Last save trace", adminPage);
        Assert.Contains("Refused (validation failed)", adminPage);
        Assert.Contains("data-kind=\"rules\" data-name=\"validation\" data-decision=\"refused\"", adminPage);
        Assert.Contains("discount_needs_manager", adminPage);
        Assert.DoesNotContain("fs-save-trace", repPage);
        Assert.DoesNotContain("discount_needs_manager", repPage);
    }

    [Fact]
    public async Task TraceApi_GivesTheLastTraceToAnAdmin_AndRefusesTheRep()
    {
        using var repApi = await server.SignInAsync(Rep);
        var (deal, _) = await Deals.CreateAsync(repApi, new { name = Deals.Unique("Trace API"), source = "website" });
        var url = deal.RecordUrl() + "/trace";
        using var admin = await server.SignInAsync(Admin);

        await WaitForAsync(admin, deal.RecordUrl(), deal.Id()); // the record is there
        var deadline = DateTime.UtcNow.AddSeconds(10);
        HttpResponseMessage response;
        while ((response = await admin.GetAsync(url)).StatusCode == HttpStatusCode.NotFound && DateTime.UtcNow < deadline) await Task.Delay(50);
        var trace = await response.AssertOkAsync();

        Assert.Equal(("deal", "create", "saved", deal.Id()), (trace.GetProperty("object").GetString(), trace.GetProperty("operation").GetString(),
            trace.GetProperty("outcome").GetString(), trace.GetProperty("recordId").GetString()));
        var steps = trace.GetProperty("steps").EnumerateArray().ToList();
        var step = steps[0];
        Assert.Equal(("rules", "validation", "passed"), (step.GetProperty("kind").GetString(), step.GetProperty("name").GetString(),
            step.GetProperty("decision").GetString()));
        // Then the sample's beforeSave plugins on deal, each named with its source; lead-scoring set the
        // score (10 for a website lead), so the rules ran again on the changed values, and passed.
        Assert.Equal([("script", "lead-scoring", "changed"), ("script", "discount-guard", "passed"), ("rules", null, "passed")],
            steps.Skip(1).Select(s => (s.GetProperty("kind").GetString(), s.TryGetProperty("source", out var source) ? source.GetString() : null,
                s.GetProperty("decision").GetString())).ToList());
        Assert.Equal(HttpStatusCode.Forbidden, (await repApi.GetAsync(url)).StatusCode);
        await (await admin.GetAsync($"{Deals.Url}/{Guid.NewGuid()}/trace")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ScriptFailuresPage_ListsATraceWithAFailedScriptStep_ForAdminsOnly()
    {
        using var repApi = await server.SignInAsync(Rep);
        var (deal, _) = await Deals.CreateAsync(repApi, new { name = Deals.Unique("Script"), source = "website" });
        var function = "scripts/guard.js#check_" + Guid.NewGuid().ToString("N")[..8];
        // Scripts are not wired into saves here: the failing trace is recorded as the pipeline would.
        server.Services.GetRequiredService<ISaveTraceStore>().Record(new SaveTrace("deal", "update", "someone", DateTime.UtcNow,
            "refused:scriptFailed",
            [
                new TraceStep(TraceKinds.Rules, "validation", TraceDecisions.Passed, 0.2),
                new TraceStep(TraceKinds.Script, function, TraceDecisions.Failed, 50) { Source = "package", Detail = "<b>boom</b> at scripts/guard.js:3:7", Statements = 99 },
            ]) { RecordId = Guid.Parse(deal.Id()), ConfigVersion = 1, DurationMs = 51 });
        using var admin = await server.SignInToPagesAsync(Admin);
        using var rep = await server.SignInToPagesAsync(Rep);

        var page = await WaitForAsync(admin, "/admin/scripts", function);

        Assert.Contains("Script failures", page);
        Assert.Contains("aria-current=\"page\" href=\"/admin/scripts\"", page);
        Assert.Contains(function, page);
        Assert.Contains($"href=\"/o/deal/{deal.Id()}\"", page);
        Assert.Contains("&lt;b&gt;boom&lt;/b&gt; at scripts/guard.js:3:7", page);
        Assert.DoesNotContain("<b>boom</b>", page);
        var denied = await rep.GetAsync("/admin/scripts");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/Account/AccessDenied", denied.Headers.Location?.AbsolutePath);
    }
}

public sealed class SaveTracePagesOnSqlite(SqlitePortal server) : SaveTracePagesTests(server), IClassFixture<SqlitePortal>;

public sealed class SaveTracePagesOnPostgres(PostgresPortal server) : SaveTracePagesTests(server), IClassFixture<PostgresPortal>;
