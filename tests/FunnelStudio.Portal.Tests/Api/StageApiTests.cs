using System.Net;
using System.Text.Json;
using FunnelStudio.Portal.Tests.Infrastructure;

namespace FunnelStudio.Portal.Tests.Api;

/// <summary>Stage moves through the API: blocked moves list every unmet criterion; the checklist explains without moving.</summary>
public abstract class StageApiTests(PortalServer server)
{
    [Fact]
    public async Task MoveStage_WithUnmetExitCriteria_Returns422WithEveryBlockingRule_ThenMovesOnceSupplied()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("阶段推进"), amount = 300000 });

        var blocked = await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "sql" });
        var problem = await blocked.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "STAGE_EXIT_BLOCKED");
        var rules = problem.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("rule").GetString()).ToHashSet();
        // Leaving lead: its two exit criteria and its required field; leaving MQL: its two criteria.
        Assert.Equal(new HashSet<string?> { "first_contact_held", "fits_icp", "source", "initial_need_confirmed", "agreed_to_talk" }, rules);
        var fitsIcp = problem.GetProperty("violations").EnumerateArray().Single(v => v.GetProperty("rule").GetString() == "fits_icp");
        Assert.Equal("icp_fit", fitsIcp.GetProperty("field").GetString());
        Assert.Equal("lead", fitsIcp.GetProperty("stage").GetString());
        Assert.Equal("Confirm the contact fits the ideal customer profile.", fitsIcp.GetProperty("message").GetString());

        // Nothing was written: still a lead.
        var unchanged = await (await rep.GetAsync(deal.RecordUrl())).AssertOkAsync();
        Assert.Equal("lead", unchanged.GetProperty("stage").GetString());

        var moved = await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new
        {
            to = "sql",
            values = new
            {
                first_contact_at = DateTime.UtcNow.AddHours(-1).ToString("O"), icp_fit = true, source = "webinar",
                need_confirmed = true, willing_to_talk = true,
            },
        });
        var record = await moved.AssertOkAsync();
        Assert.Equal("sql", record.GetProperty("stage").GetString());
        Assert.True(record.GetProperty("values").GetProperty("icp_fit").GetBoolean());
        Assert.Equal(75000m, record.GetProperty("values").GetProperty("weighted_amount").GetDecimal());
    }

    [Fact]
    public async Task MoveStage_BlockedMessages_FollowTheRequestLanguage()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local", "zh-CN");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("中文"), source = "website" });
        var problem = await (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "mql" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "STAGE_EXIT_BLOCKED");
        var messages = problem.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("message").GetString()).ToList();
        Assert.Contains("请确认对方属于目标客户画像内的联系人。", messages);
    }

    [Fact]
    public async Task Checklist_ExplainsEveryCriterionWithoutMoving()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, etag) = await Deals.CreateAsync(rep, new { name = Deals.Unique("清单"), source = "referral", icp_fit = true });

        var checklist = await (await rep.GetAsync($"{deal.RecordUrl()}/checklist")).AssertOkAsync();
        Assert.Equal("lead", checklist.GetProperty("current").GetString());
        Assert.Equal("mql", checklist.GetProperty("target").GetString());
        Assert.False(checklist.GetProperty("ready").GetBoolean());
        var items = checklist.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("name").GetString()!, i => i.GetProperty("passed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["source"] = true, ["first_contact_held"] = false, ["fits_icp"] = true }, items);

        var toSql = await (await rep.GetAsync($"{deal.RecordUrl()}/checklist?to=sql")).AssertOkAsync();
        Assert.Contains(toSql.GetProperty("items").EnumerateArray(), i => i.GetProperty("name").GetString() == "agreed_to_talk");

        var after = await rep.GetAsync(deal.RecordUrl());
        Assert.Equal(etag, after.ETag());
        await (await rep.GetAsync($"{deal.RecordUrl()}/checklist?to=nowhere")).AssertProblemAsync(HttpStatusCode.BadRequest, "BAD_REQUEST");
    }

    [Fact]
    public async Task MoveStage_ToAnUnknownStage_IsRefusedAsValidation()
    {
        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var (deal, _) = await Deals.CreateAsync(rep, new { name = Deals.Unique("未知阶段") });
        var problem = await (await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "signed_in_blood" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        Assert.Equal("STAGE_UNKNOWN", problem.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Rep_CannotReadOrChangeAnotherRepsRecord_ButTheirManagerCan()
    {
        using var rep2 = await server.SignInAsync("rep2@funnelstudio.local");
        var (deal, etag) = await Deals.CreateAsync(rep2, new { name = Deals.Unique("别人的商机"), amount = 5000 });

        using var rep = await server.SignInAsync("rep@funnelstudio.local");
        var read = await rep.GetAsync(deal.RecordUrl());
        Assert.Contains(read.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
        var patch = await rep.PatchJsonAsync(deal.RecordUrl(), new { values = new { amount = 1 } });
        Assert.Contains(patch.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        var move = await rep.PostJsonAsync($"{deal.RecordUrl()}/stage", new { to = "lost", values = new { lost_reason = "price" } });
        Assert.Contains(move.StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        var list = await (await rep.GetAsync($"{Deals.Url}?pageSize=200")).AssertOkAsync();
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), r => r.Id() == deal.Id());
        var repId = (await Deals.CreateAsync(rep, new { name = Deals.Unique("我的") })).Record.GetProperty("owner").GetString();
        Assert.All(list.GetProperty("items").EnumerateArray(), r => Assert.Equal(repId, r.GetProperty("owner").GetString()));

        using var manager = await server.SignInAsync("manager@funnelstudio.local");
        Assert.Equal(etag, (await manager.GetAsync(deal.RecordUrl())).ETag());
        await (await manager.PatchJsonAsync(deal.RecordUrl(), new { values = new { amount = 6000 } }, etag)).AssertOkAsync();

        var stored = await (await rep2.GetAsync(deal.RecordUrl())).AssertOkAsync();
        Assert.Equal(6000m, stored.GetProperty("values").GetProperty("amount").GetDecimal());
    }
}

public sealed class StageApiOnSqlite(SqlitePortal server) : StageApiTests(server), IClassFixture<SqlitePortal>;

public sealed class StageApiOnPostgres(PostgresPortal server) : StageApiTests(server), IClassFixture<PostgresPortal>;
