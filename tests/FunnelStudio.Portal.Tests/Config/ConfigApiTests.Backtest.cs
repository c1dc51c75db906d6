using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Config;

/// <summary>
/// <c>GET …/versions/{id}/backtest</c>: the seeded demo deals' stage history (every demo deal was
/// moved stage by stage) replayed against a draft beside the running version.
/// </summary>
public abstract partial class ConfigApiTests
{
    [Fact]
    public async Task Backtest_OfADraftClosingTheFirstStage_ReportsTheHistoricalMovesItBlocks_WithRealDeals_AndTheActiveVersionBlocksNone()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var deals = (await (await admin.GetAsync($"{Deals.Url}?pageSize=200")).AssertOkAsync()).GetProperty("items").EnumerateArray()
            .Select(d => d.GetProperty("id").GetGuid()).ToHashSet();
        string? firstStage = null;
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(admin), "objects/deal.json", deal =>
        {
            var first = deal["pipeline"]!["stages"]![0]!;
            firstStage = (string?)first["name"];
            first["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "never_leaves", ["expression"] = "record.name == \"no deal is called this\"", ["message"] = "Closed.",
            });
        });
        var id = await ConfigPackages.DraftAsync(admin, files);

        var report = await (await admin.GetAsync($"{Url}/versions/{id}/backtest")).AssertOkAsync();

        Assert.Equal(await ConfigPackages.ActiveIdAsync(admin), report.GetProperty("activeVersion").GetInt64());
        Assert.True(report.GetProperty("moves").GetInt64() > 0, report.ToString());
        Assert.Equal(0, report.GetProperty("active").GetProperty("blocked").GetInt64());
        var draft = report.GetProperty("draft");
        var rule = Assert.Single(draft.GetProperty("rules").EnumerateArray(), r => r.GetProperty("rule").GetString() == "never_leaves");
        Assert.Equal(("deal", firstStage, "Closed."), (rule.GetProperty("object").GetString(), rule.GetProperty("stage").GetString(), rule.GetProperty("message").GetString()));
        var count = rule.GetProperty("count").GetInt64();
        Assert.True(count > 0);
        Assert.True(draft.GetProperty("blocked").GetInt64() >= count);
        var examples = rule.GetProperty("examples").EnumerateArray().ToList();
        Assert.Equal(Math.Min(5, count), examples.Count);
        Assert.All(examples, e => Assert.Contains(e.GetProperty("recordId").GetGuid(), deals));
        // Every move out of the first stage is refused: as it happened deals left it, with the draft none would have.
        var stage = Assert.Single(report.GetProperty("stages").EnumerateArray(),
            s => s.GetProperty("object").GetString() == "deal" && s.GetProperty("stage").GetString() == firstStage);
        Assert.True(stage.GetProperty("happened").GetProperty("converted").GetInt64() > 0, stage.ToString());
        Assert.Equal(0, stage.GetProperty("draft").GetProperty("converted").GetInt64());

        // The running version against itself: nothing blocked.
        var same = await (await admin.GetAsync($"{Url}/versions/{await ConfigPackages.ActiveIdAsync(admin)}/backtest")).AssertOkAsync();
        Assert.Equal((0L, 0L), (same.GetProperty("draft").GetProperty("blocked").GetInt64(), same.GetProperty("active").GetProperty("blocked").GetInt64()));
        Assert.Empty(same.GetProperty("draft").GetProperty("rules").EnumerateArray());
    }

    [Fact]
    public async Task Backtest_OfADraftRemovingAStage_JudgesItsMovesWhenMapStageNamesWhereTheyGo()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var files = ConfigPackages.WithoutStage(await ConfigPackages.ActiveFilesAsync(admin), "deal", "mql");
        var id = await ConfigPackages.DraftAsync(admin, files);

        var unmapped = await (await admin.GetAsync($"{Url}/versions/{id}/backtest")).AssertOkAsync();
        var mapped = await (await admin.GetAsync($"{Url}/versions/{id}/backtest?mapStage=mql:sql")).AssertOkAsync();

        var skipped = unmapped.GetProperty("draft").GetProperty("skipped").GetInt64();
        Assert.True(skipped > 0, unmapped.ToString());
        Assert.True(mapped.GetProperty("draft").GetProperty("skipped").GetInt64() < skipped, mapped.ToString());
        Assert.Equal(unmapped.GetProperty("moves").GetInt64(), mapped.GetProperty("moves").GetInt64());
        await (await admin.GetAsync($"{Url}/versions/{id}/backtest?mapStage=mql")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task Backtest_ForANonAdmin_Returns403_AndForAnUnknownVersion404()
    {
        using var admin = await server.SignInAsync(TestUsers.Admin);
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var active = await ConfigPackages.ActiveIdAsync(admin);

        await (await rep.GetAsync($"{Url}/versions/{active}/backtest")).AssertProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        await (await admin.GetAsync($"{Url}/versions/987654/backtest")).AssertProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }
}
