using FunnelStudio.Approvals;
using FunnelStudio.Portal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

public sealed class ApprovalRaceOnSqlite(SqlitePortal server) : ApprovalRaceTests(server), IClassFixture<SqlitePortal>;

public sealed class ApprovalRaceOnPostgres(PostgresPortal server) : ApprovalRaceTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// Exactly once: of many approvers answering one <c>any</c> step at the same moment one wins and
/// the others are told "already decided"; a recall racing an approval ends in exactly one of them.
/// </summary>
public abstract class ApprovalRaceTests(PortalServer server)
{
    private readonly ApprovalKit _kit = new(server);

    [Fact]
    public async Task FiftyApproversAtOnce_OneDecisionWins_TheOthersAreToldAlreadyDecided()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var approvers = new List<Saving.ActingUser>();
        for (var i = 0; i < 50; i++)
        {
            var email = TestUsers.UniqueEmail($"fin{i}");
            await server.CreateUserAsync(email, $"财务 {i}", "finance");
            approvers.Add(await _kit.UserAsync(email));
        }
        var deal = await _kit.OpportunityAsync(rep, 0);
        Assert.True((await _kit.UpdateAsync(manager, deal, new { discount = 45 })).Succeeded);
        var request = await _kit.PendingAsync(manager, deal.Id);
        Assert.Equal(1, (await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve)).Approval!.CurrentStep);

        using var start = new ManualResetEventSlim();
        var attempts = approvers.Select(a => Task.Run(async () =>
        {
            start.Wait();
            return await _kit.DecideAsync(a, request.Id, ApprovalDecision.Approve, $"by {a.Name}");
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o.Status == ApprovalOutcomeStatus.Done);
        Assert.Equal(49, outcomes.Count(o => o.Status == ApprovalOutcomeStatus.AlreadyDecided));
        var final = (await _kit.ForRecordAsync(manager, deal.Id)).Single(a => a.Id == request.Id);
        Assert.Equal(ApprovalStatus.Approved, final.Status);
        // One answer was written: nothing was applied twice.
        Assert.Single(final.Steps[1].Tasks, t => t.Decision is not null);
        await using var db = server.Services.GetRequiredService<IDbContextFactory<Storage.FunnelStudioDbContext>>().CreateDbContext();
        Assert.Equal(3, await db.ApprovalRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync());
    }

    [Fact]
    public async Task RecallRacingApprove_EndsInExactlyOneOfThem()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var (approved, recalled) = (0, 0);
        for (var round = 0; round < 10; round++)
        {
            var deal = await _kit.OpportunityAsync(rep, 25);
            var request = await _kit.PendingAsync(rep, deal.Id);
            using var start = new ManualResetEventSlim();
            var approve = Task.Run(async () => { start.Wait(); return await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve); });
            var recall = Task.Run(async () => { start.Wait(); return await _kit.RecallAsync(rep, request.Id); });
            start.Set();
            var (a, r) = (await approve, await recall);

            Assert.Equal(1, new[] { a.Status, r.Status }.Count(s => s == ApprovalOutcomeStatus.Done));
            Assert.Equal(1, new[] { a.Status, r.Status }.Count(s => s == ApprovalOutcomeStatus.AlreadyDecided));
            var final = (await _kit.ForRecordAsync(rep, deal.Id)).Single(x => x.Id == request.Id);
            if (a.Status == ApprovalOutcomeStatus.Done)
            {
                approved++;
                Assert.Equal(ApprovalStatus.Approved, final.Status);
            }
            else
            {
                recalled++;
                Assert.Equal(ApprovalStatus.Recalled, final.Status);
                Assert.All(final.Steps[0].Tasks, t => Assert.Null(t.Decision));
            }
        }
        Assert.Equal(10, approved + recalled);
    }
}
