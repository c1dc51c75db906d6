using System.Net;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

public sealed class SqliteSchemaChangeApiTests(SqlitePortal server) : SchemaChangeApiTests(server), IClassFixture<SqlitePortal>;

public sealed class PostgresSchemaChangeApiTests(PostgresPortal server) : SchemaChangeApiTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// A publish that changes the data, end to end over HTTP: a draft removing a stage that deals are
/// in is refused with CONFIG_NEEDS_MAPPING naming the stage, then published with a mapping — the
/// deals move, with a stage history entry by the config version, in the same transaction as the
/// switch (on SQLite too, where a second writer would wait for the first); a roll back brings the
/// stage back, and moving the deals back needs no mapping.
/// </summary>
public abstract class SchemaChangeApiTests(PortalServer server)
{
    private const string Url = ConfigPackages.Url;

    [Fact]
    public async Task RemovingAStageInUse_NeedsAMapping_ThenItsRecordsMoveWithTheVersionInTheirHistory()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("Mapped"), source = "referral", icp_fit = true });
        (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "mql", values = new { first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O") } }))
            .EnsureSuccessStatusCode();
        var inMql = (await (await admin.GetAsync($"{Deals.Url}?stage=mql&pageSize=200")).AssertOkAsync())
            .GetProperty("items").EnumerateArray().Select(r => r.Id()).ToList();
        Assert.Contains(deal.Id(), inMql);

        var active = await ConfigPackages.ActiveIdAsync(admin);
        var files = ConfigPackages.WithoutStage(await ConfigPackages.ExportAsync(admin, active), "deal", "mql");
        var draft = await ConfigPackages.DraftAsync(admin, files);

        var refused = await (await ConfigPackages.PublishAsync(admin, draft)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "CONFIG_NEEDS_MAPPING");
        Assert.Contains("mql", refused.ToString());
        Assert.Equal(active, await ConfigPackages.ActiveIdAsync(admin));
        Assert.Equal("mql", (await (await admin.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("stage").GetString());

        var published = await ConfigPackages.PublishAsync(admin, draft, new { map = new { stages = new Dictionary<string, string> { ["mql"] = "sql" } } });
        await published.AssertOkAsync();

        Assert.Equal(draft, await ConfigPackages.ActiveIdAsync(admin));
        foreach (var id in inMql)
            Assert.Equal("sql", (await (await admin.GetAsync($"{Deals.Url}/{id}")).AssertOkAsync()).GetProperty("stage").GetString());
        Assert.Equal(inMql.Count, await server.Database.CountAsync(
            "SELECT count(*) FROM stage_history WHERE from_stage = 'mql' AND to_stage = 'sql' AND \"by\" = @by",
            ("by", $"moved by config version {draft}")));
        var board = await (await rep.GetAsync("/o/deal/board")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("data-stage=\"mql\"", board);

        // Back to the version with the stage: nothing to map (no stage is removed), and the deals stay in sql.
        (await admin.PostJsonAsync($"{Url}/versions/{active}/rollback", new { })).EnsureSuccessStatusCode();
        Assert.Equal("sql", (await (await admin.GetAsync(deal.RecordUrl())).AssertOkAsync()).GetProperty("stage").GetString());
    }
}
