using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Audit;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Config;

public sealed class SqliteConfigApiTests(SqlitePortal server) : ConfigApiTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresConfigApiTests(PostgresPortal server) : ConfigApiTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// /api/v1/config over HTTP: drafts uploaded as zips (refused with every diagnostic when they do not
/// load), impact counted on the seeded records, publish and rollback switching what the portal
/// serves, export round trips, audit lines — for admins only. Each test starts from the version
/// active when it runs (earlier tests may have published).
/// </summary>
public abstract partial class ConfigApiTests(PortalServer server)
{
    private const string Url = ConfigPackages.Url;

    [Fact]
    public async Task UploadDraft_OfAValidPackage_Returns201WithTestResults_AndLeavesTheActiveVersionActive()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var active = await ConfigPackages.ActiveIdAsync(admin);
        var files = ConfigPackages.With(await ConfigPackages.ExportAsync(admin, active), "objects/deal.json", d => d["label"] = new JsonObject { ["en"] = "Draft deal", ["zh-CN"] = "草稿商机" });

        var response = await admin.PostAsync($"{Url}/drafts", ConfigPackages.Zip(files));

        var created = await response.AssertOkAsync(HttpStatusCode.Created);
        var id = created.GetProperty("version").GetProperty("id").GetInt64();
        Assert.Equal($"{Url}/versions/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("draft", created.GetProperty("version").GetProperty("status").GetString());
        Assert.False(created.GetProperty("version").GetProperty("active").GetBoolean());
        Assert.Equal(files.Keys.Order(StringComparer.Ordinal), created.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        var tests = created.GetProperty("tests").EnumerateArray().ToList();
        Assert.NotEmpty(tests);
        Assert.All(tests, t => Assert.True(t.GetProperty("passed").GetBoolean(), t.ToString()));
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
        Assert.NotEqual("Draft deal", await ConfigPackages.LabelAsync(admin, "deal"));
        var read = await (await admin.GetAsync($"{Url}/versions/{id}")).AssertOkAsync();
        Assert.Equal(id, read.GetProperty("version").GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task UploadDraft_ThatDoesNotLoad_Returns422ConfigInvalid_WithEveryDiagnostic_AndStoresNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var files = await ConfigPackages.ActiveFilesAsync(admin);
        var broken = ConfigPackages.With(files, "objects/account.json", a => a["validationRules"] = new JsonArray(new JsonObject
        {
            ["name"] = "unknown_field_rule", ["expression"] = "record.no_such_field > 0", ["message"] = "x",
        }));
        broken["objects/deal.json"] = "{\n  \"name\": \"deal\",\n  \"label\": oops\n}";
        var before = (await (await admin.GetAsync($"{Url}/versions")).AssertOkAsync()).GetArrayLength();

        var problem = await (await admin.PostAsync($"{Url}/drafts", ConfigPackages.Zip(broken))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "CONFIG_INVALID");

        var diagnostics = problem.GetProperty("diagnostics").EnumerateArray().Where(d => d.GetProperty("severity").GetString() == "error").ToList();
        var malformed = Assert.Single(diagnostics, d => d.GetProperty("file").GetString() == "objects/deal.json");
        Assert.Equal(3, malformed.GetProperty("line").GetInt64());
        Assert.Contains(diagnostics, d => d.GetProperty("file").GetString() == "objects/account.json" && d.GetProperty("message").GetString()!.Contains("no_such_field"));
        Assert.All(diagnostics, d => Assert.StartsWith("FS", d.GetProperty("code").GetString()));
        Assert.Equal(before, (await (await admin.GetAsync($"{Url}/versions")).AssertOkAsync()).GetArrayLength());

        var notZip = new ByteArrayContent([1, 2, 3]);
        notZip.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        await (await admin.PostAsync($"{Url}/drafts", notZip)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "CONFIG_INVALID");
        await (await admin.PostJsonAsync($"{Url}/drafts", new { })).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task ConfigApi_ForAUserWithoutAnAdminRole_Returns403_AndStoresNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var files = await ConfigPackages.ActiveFilesAsync(admin);
        var active = await ConfigPackages.ActiveIdAsync(admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        using var manager = await server.SignInAsync("manager@funnelstudio.local");

        await (await rep.GetAsync($"{Url}/versions")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await manager.PostAsync($"{Url}/drafts", ConfigPackages.Zip(files))).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep.PostJsonAsync($"{Url}/versions/{active}/rollback", new { })).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await rep.GetAsync($"{Url}/versions/{active}/export")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
    }

    [Fact]
    public async Task UnknownVersion_Returns404NotFound_OnEveryEndpoint()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        const long missing = 987_654;

        foreach (var path in new[] { "", "/diff", "/impact", "/backtest", "/export" })
            await (await admin.GetAsync($"{Url}/versions/{missing}{path}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await ConfigPackages.PublishAsync(admin, missing)).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.PostJsonAsync($"{Url}/versions/{missing}/rollback", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var active = await ConfigPackages.ActiveIdAsync(admin);
        await (await admin.GetAsync($"{Url}/versions/{active}/diff?against={missing}")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.GetAsync($"{Url}/versions/{active}/diff?against=latest")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Impact_OfADraftWithANewRuleAndAClosedFirstStage_CountsTheSeededRecordsConcerned()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var deals = await (await admin.GetAsync($"{Deals.Url}?pageSize=200")).AssertOkAsync();
        var items = deals.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(deals.GetProperty("total").GetInt32(), items.Count);
        // Computed here from the API's own list, independently of the impact.
        var large = items.Where(d => d.GetProperty("values").TryGetProperty("amount", out var a) && a.ValueKind == JsonValueKind.Number && a.GetDecimal() > 100_000m)
            .Select(d => d.GetProperty("id").GetGuid()).ToHashSet();
        var beyondLead = items.Where(d => d.GetProperty("stage").GetString() is not ("lead" or "lost"))
            .GroupBy(d => d.GetProperty("stage").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        Assert.NotEmpty(large);
        Assert.NotEmpty(beyondLead);
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(admin), "objects/deal.json", deal =>
        {
            deal["validationRules"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "amount_at_most_100k", ["expression"] = "Fn.Coalesce(record.amount, 0) <= 100000", ["field"] = "amount", ["message"] = "At most 100k.",
            });
            deal["pipeline"]!["stages"]![0]!["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "never_leaves", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
            });
        });
        var id = await ConfigPackages.DraftAsync(admin, files);

        var asked = DateTime.UtcNow;
        var plan = await (await admin.GetAsync($"{Url}/versions/{id}/impact")).AssertOkAsync();

        var counted = plan.GetProperty("impact").GetProperty("countedAt").GetDateTime().ToUniversalTime();
        Assert.InRange(counted, asked.AddSeconds(-5), DateTime.UtcNow.AddSeconds(5));
        var rule = Assert.Single(plan.GetProperty("impact").GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "amount_at_most_100k");
        Assert.Equal(("deal", large.Count), (rule.GetProperty("object").GetString(), rule.GetProperty("records").GetInt32()));
        var examples = rule.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("id").GetGuid()).ToList();
        Assert.Equal(Math.Min(5, large.Count), examples.Count);
        Assert.Subset(large, examples.ToHashSet());
        var stages = plan.GetProperty("impact").GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!);
        Assert.Equal(beyondLead.OrderBy(s => s.Key), stages.ToDictionary(s => s.Key, s => s.Value.GetProperty("records").GetInt32()).OrderBy(s => s.Key));
        Assert.All(stages.Values, s => Assert.Contains("never_leaves", s.GetProperty("blockingRules").EnumerateArray().Select(r => r.GetString())));
        Assert.Contains(plan.GetProperty("changes").EnumerateArray(), c => c.GetProperty("path").GetString() == "deal.rules.amount_at_most_100k"
            && c.GetProperty("kind").GetString() == "added");
        // The package's own tests expect moves out of the first stage: the draft cannot be published.
        Assert.False(plan.GetProperty("canPublish").GetBoolean());
        Assert.Contains(plan.GetProperty("blockers").EnumerateArray(), b => b.GetProperty("code").GetString() == "CONFIG_TESTS_FAILED");
    }

    [Fact]
    public async Task Publish_OfADraftWhoseTestsFail_Returns422ConfigTestsFailed_AndChangesNothing()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var active = await ConfigPackages.ActiveIdAsync(admin);
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(admin), "objects/deal.json", deal =>
        {
            deal["label"] = new JsonObject { ["en"] = "Never published", ["zh-CN"] = "未发布" };
            deal["pipeline"]!["stages"]![0]!["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "never_leaves", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
            });
        });
        var id = await ConfigPackages.DraftAsync(admin, files);

        var problem = await (await ConfigPackages.PublishAsync(admin, id)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "CONFIG_TESTS_FAILED");

        Assert.All(problem.GetProperty("blockers").EnumerateArray(), b => Assert.Equal("CONFIG_TESTS_FAILED", b.GetProperty("code").GetString()));
        Assert.Contains(problem.GetProperty("plan").GetProperty("tests").EnumerateArray(), t => !t.GetProperty("passed").GetBoolean());
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
        Assert.NotEqual("Never published", await ConfigPackages.LabelAsync(admin, "deal"));
        var version = await (await admin.GetAsync($"{Url}/versions/{id}")).AssertOkAsync();
        Assert.Equal("draft", version.GetProperty("version").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publish_MakesTheDraftActive_Audited_ThenRollbackMakesThePreviousFilesActiveAgain()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var previous = await ConfigPackages.ActiveIdAsync(admin);
        var previousFiles = await ConfigPackages.ExportAsync(admin, previous);
        var previousLabel = await ConfigPackages.LabelAsync(admin, "deal");
        var label = "Deal " + Guid.NewGuid().ToString("N")[..6];
        var id = await ConfigPackages.DraftAsync(admin, ConfigPackages.With(previousFiles, "objects/deal.json",
            d => d["label"] = new JsonObject { ["en"] = label, ["zh-CN"] = "商机" }));

        var published = await (await ConfigPackages.PublishAsync(admin, id, new { map = new { stages = new { }, options = new { } } })).AssertOkAsync();

        Assert.Equal((id, "published", true), (published.GetProperty("version").GetProperty("id").GetInt64(),
            published.GetProperty("version").GetProperty("status").GetString(), published.GetProperty("version").GetProperty("active").GetBoolean()));
        Assert.Equal(previous, published.GetProperty("version").GetProperty("summary").GetProperty("against").GetInt64());
        Assert.Equal(id, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal(label, await ConfigPackages.LabelAsync(admin, "deal"));
        var versions = (await (await admin.GetAsync($"{Url}/versions")).AssertOkAsync()).EnumerateArray().ToDictionary(v => v.GetProperty("id").GetInt64());
        Assert.Equal("retired", versions[previous].GetProperty("status").GetString());
        await (await ConfigPackages.PublishAsync(admin, id)).AssertProblemAsync(HttpStatusCode.Conflict, "CONFIG_CONFLICT");

        var rolledBack = await (await admin.PostJsonAsync($"{Url}/versions/{previous}/rollback", new { })).AssertOkAsync();

        var rollbackId = rolledBack.GetProperty("version").GetProperty("id").GetInt64();
        Assert.True(rollbackId > id);
        Assert.Equal(previous, rolledBack.GetProperty("version").GetProperty("sourceVersionId").GetInt64());
        Assert.Equal(rollbackId, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal(previousLabel, await ConfigPackages.LabelAsync(admin, "deal"));
        Assert.Equal(previousFiles.OrderBy(f => f.Key), (await ConfigPackages.ExportAsync(admin, rollbackId)).OrderBy(f => f.Key));

        var audit = await AuditAsync();
        var publishLine = Assert.Single(audit, a => a.Action == AuditActions.ConfigPublished && a.TargetId == id.ToString());
        var rollbackLine = Assert.Single(audit, a => a.Action == AuditActions.ConfigRolledBack && a.TargetId == rollbackId.ToString());
        var adminId = (await (await admin.GetAsync($"{TestUsers.Url}?q={TestUsers.Admin}")).AssertOkAsync()).GetProperty("items")[0].GetProperty("id").GetString();
        Assert.All(new[] { publishLine, rollbackLine }, a => Assert.Equal(adminId, a.ActorId));
        var publishDetails = JsonDocument.Parse(publishLine.Details).RootElement;
        Assert.Equal((previous, id), (publishDetails.GetProperty("before").GetInt64(), publishDetails.GetProperty("after").GetInt64()));
        var rollbackDetails = JsonDocument.Parse(rollbackLine.Details).RootElement;
        Assert.Equal((id, rollbackId, previous), (rollbackDetails.GetProperty("before").GetInt64(), rollbackDetails.GetProperty("after").GetInt64(),
            rollbackDetails.GetProperty("source").GetInt64()));
    }

    [Fact]
    public async Task Export_ThenUploadAgain_GivesTheSameFiles_AndADiffWithNoChange()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var active = await ConfigPackages.ActiveIdAsync(admin);
        var exported = await ConfigPackages.ExportAsync(admin, active);

        var id = await ConfigPackages.DraftAsync(admin, exported);

        Assert.Equal(exported.OrderBy(f => f.Key), (await ConfigPackages.ExportAsync(admin, id)).OrderBy(f => f.Key));
        var diff = await (await admin.GetAsync($"{Url}/versions/{id}/diff")).AssertOkAsync();
        Assert.Equal(active, diff.GetProperty("against").GetInt64());
        Assert.Empty(diff.GetProperty("changes").EnumerateArray());
        var explicitDiff = await (await admin.GetAsync($"{Url}/versions/{id}/diff?against={active}")).AssertOkAsync();
        Assert.Empty(explicitDiff.GetProperty("changes").EnumerateArray());
        var impact = await (await admin.GetAsync($"{Url}/versions/{id}/impact")).AssertOkAsync();
        Assert.True(impact.GetProperty("canPublish").GetBoolean(), impact.ToString());
    }

    [Fact]
    public async Task Impact_OfADraftRemovingAFieldAndARole_CountsTheRecordsHoldingItAndTheUsersHoldingIt()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var accounts = await (await admin.GetAsync("/api/v1/objects/account/records?pageSize=200")).AssertOkAsync();
        var withEmployees = accounts.GetProperty("items").EnumerateArray().Count(a => a.GetProperty("values").TryGetProperty("employees", out var v) && v.ValueKind != JsonValueKind.Null);
        var users = await (await admin.GetAsync($"{TestUsers.Url}?pageSize=200")).AssertOkAsync();
        var finance = users.GetProperty("items").EnumerateArray().Count(u => u.GetProperty("active").GetBoolean() && u.Roles().Contains("finance"));
        Assert.True(withEmployees > 0 && finance > 0, $"{withEmployees} accounts with employees, {finance} finance users");
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(admin), "objects/account.json", account =>
        {
            var fields = account["fields"]!.AsArray();
            fields.Remove(fields.Single(f => (string?)f!["name"] == "employees"));
            foreach (var section in account["layouts"]!.AsObject().Select(l => l.Value).OfType<JsonObject>()
                .SelectMany(l => l["sections"]?.AsArray().OfType<JsonObject>() ?? []))
                if (section["fields"] is JsonArray list && list.FirstOrDefault(f => (string?)f == "employees") is { } entry) list.Remove(entry);
        });
        files = ConfigPackages.With(files, "package.json", package =>
        {
            var roles = package["roles"]!.AsArray();
            roles.Remove(roles.Single(r => (string?)r!["name"] == "finance"));
        });
        // The discount approval's finance step names the role: it goes with it.
        files = ConfigPackages.With(files, "approvals/discount_approval.json", flow =>
        {
            var steps = flow["steps"]!.AsArray();
            steps.Remove(steps.Single(s => (string?)s!["name"] == "finance"));
        });
        files.Remove("tests/access.json");
        var draft = await admin.PostAsync($"{Url}/drafts", ConfigPackages.Zip(files));
        var id = (await draft.AssertOkAsync(HttpStatusCode.Created)).GetProperty("version").GetProperty("id").GetInt64();

        var impact = (await (await admin.GetAsync($"{Url}/versions/{id}/impact")).AssertOkAsync()).GetProperty("impact");

        var removed = Assert.Single(impact.GetProperty("removedData").EnumerateArray());
        Assert.Equal(("account", "employees", withEmployees), (removed.GetProperty("object").GetString(), removed.GetProperty("field").GetString(),
            removed.GetProperty("records").GetInt32()));
        var role = Assert.Single(impact.GetProperty("roles").EnumerateArray());
        Assert.Equal(("finance", finance), (role.GetProperty("role").GetString(), role.GetProperty("users").GetInt32()));
        Assert.Contains("finance@funnelstudio.local", role.GetProperty("examples").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheConfigApi()
    {
        var document = await (await server.Anonymous().GetAsync("/openapi/v1.json")).AssertOkAsync();
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "/api/v1/config/versions", "/api/v1/config/drafts", "/api/v1/config/versions/{id}/publish", "/api/v1/config/versions/{id}/export" })
            Assert.True(paths.TryGetProperty(path, out _), path);
        Assert.Equal("PublishConfigVersion", paths.GetProperty("/api/v1/config/versions/{id}/publish").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("BacktestConfigVersion", paths.GetProperty("/api/v1/config/versions/{id}/backtest").GetProperty("get").GetProperty("operationId").GetString());
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditAsync()
    {
        await using var scope = server.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery { TargetType = AuditActions.ConfigTarget, PageSize = 200 }, CancellationToken.None);
        return page.Items;
    }
}
