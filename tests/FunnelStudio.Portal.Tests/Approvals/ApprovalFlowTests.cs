using FunnelStudio.Approvals;
using FunnelStudio.Audit;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

public sealed class ApprovalFlowOnSqlite(SqlitePortal server) : ApprovalFlowTests(server), IClassFixture<SqlitePortal>;

public sealed class ApprovalFlowOnPostgres(PostgresPortal server) : ApprovalFlowTests(server), IClassFixture<PostgresPortal>;

/// <summary>
/// b2b-saas's discount_approval end to end through the engine's services: the entry rule starts a
/// request in the save, the record is locked while it is pending, the exit criterion waits for it,
/// steps run in order (finance only over 40%), and recall, reject and delegation behave.
/// </summary>
public abstract class ApprovalFlowTests(PortalServer server)
{
    private readonly ApprovalKit _kit = new(server);

    [Fact]
    public async Task DiscountOver20_StartsARequestForTheOwnersManager_LocksTheDeal_AndBlocksLeavingOpportunityUntilApproved()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 30);

        var request = await _kit.PendingAsync(rep, deal.Id);
        Assert.Equal("discount_approval", request.Flow);
        Assert.Equal(rep.Id, request.SubmittedBy);
        Assert.True(request.LocksRecord);
        Assert.Equal([ApprovalStepStatus.Pending, ApprovalStepStatus.Skipped], request.Steps.Select(s => s.Status));
        Assert.Equal([manager.Id], request.Steps[0].Tasks.Select(t => t.ApproverId));
        Assert.Contains("20%", request.Reason.Get("en"));
        Assert.False(request.CanDecide);
        Assert.True(request.CanRecall);

        var locked = await _kit.UpdateAsync(rep, deal, new { contract_signed = true }, "won");
        Assert.Equal(SaveStatus.Locked, locked.Status);
        Assert.Contains(locked.Violations, v => v.Code == "RECORD_LOCKED");

        var approved = await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve, "OK，战略客户");
        Assert.Equal(ApprovalOutcomeStatus.Done, approved.Status);
        Assert.Equal(ApprovalStatus.Approved, approved.Approval!.Status);
        Assert.Equal("OK，战略客户", approved.Approval.Steps[0].Tasks.Single().Comment);

        var fresh = (await _kit.WithAsync(s => s.GetRequiredService<IRecordService>().GetAsync("deal", deal.Id, rep, CancellationToken.None))).Record!;
        var won = await _kit.UpdateAsync(rep, fresh, new { contract_signed = true }, "won");
        Assert.True(won.Status is SaveStatus.Saved or SaveStatus.StageBlocked, won.Status.ToString());
        Assert.DoesNotContain(won.Violations, v => v.Rule == "discount_approved");
    }

    [Fact]
    public async Task ExitCriterion_WithoutApproval_NamesTheApprovalRule()
    {
        var admin = await _kit.UserAsync("admin@funnelstudio.local");
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 10);
        // An admin may change a locked record; the discount over 20% starts a request, and the move waits for it.
        var raised = await _kit.UpdateAsync(admin, deal, new { discount = 25 });
        Assert.True(raised.Succeeded);
        var blocked = await _kit.UpdateAsync(admin, raised.Record!, new { contract_signed = true }, "won");
        Assert.Equal(SaveStatus.StageBlocked, blocked.Status);
        Assert.Contains(blocked.Violations, v => v.Rule == "discount_approved");
    }

    [Fact]
    public async Task AdminEditOfALockedDeal_IsSaved_AndAudited()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var admin = await _kit.UserAsync("admin@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 28);
        var request = await _kit.PendingAsync(rep, deal.Id);

        var saved = await _kit.UpdateAsync(admin, deal, new { timeline = "下月" });

        Assert.True(saved.Succeeded);
        var audit = await _kit.WithAsync(s => s.GetRequiredService<IAuditLog>().QueryAsync(
            new AuditQuery { TargetType = AuditActions.RecordTarget, TargetId = deal.Id.ToString() }, CancellationToken.None));
        var line = Assert.Single(audit.Items, e => e.Action == AuditActions.ApprovalLockBypassed);
        Assert.Equal(admin.Id, line.ActorId);
        Assert.Contains(request.Id.ToString(), line.Details);
    }

    [Fact]
    public async Task DiscountOver40_AsksFinanceAfterTheManager()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var admin = await _kit.UserAsync("admin@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var finance = await _kit.UserAsync("finance@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 0);
        // Over 30% only a manager may set (the package's rule); over 40% finance must approve too.
        var raised = await _kit.UpdateAsync(manager, deal, new { discount = 45 });
        Assert.True(raised.Succeeded, string.Join("; ", raised.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        var request = await _kit.PendingAsync(admin, deal.Id);
        Assert.Equal(manager.Id, request.SubmittedBy);
        Assert.Equal([ApprovalStepStatus.Pending, ApprovalStepStatus.Waiting], request.Steps.Select(s => s.Status));

        Assert.Equal(ApprovalOutcomeStatus.Forbidden, (await _kit.DecideAsync(finance, request.Id, ApprovalDecision.Approve)).Status);
        var first = await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Pending, first.Approval!.Status);
        Assert.Equal(1, first.Approval.CurrentStep);
        Assert.Contains(finance.Id, first.Approval.Steps[1].Tasks.Select(t => t.ApproverId));
        Assert.Equal(ApprovalOutcomeStatus.AlreadyDecided, (await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve)).Status);

        var second = await _kit.DecideAsync(finance, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Approved, second.Approval!.Status);
        Assert.Equal([ApprovalStepStatus.Approved, ApprovalStepStatus.Approved], second.Approval.Steps.Select(s => s.Status));
    }

    [Fact]
    public async Task Reject_EndsTheRequest_UnlocksTheDeal_AndAChangedDiscountAsksAgain()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 30);
        var request = await _kit.PendingAsync(rep, deal.Id);

        var rejected = await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Reject, "毛利不够");
        Assert.Equal(ApprovalStatus.Rejected, rejected.Approval!.Status);

        var fresh = (await _kit.WithAsync(s => s.GetRequiredService<IRecordService>().GetAsync("deal", deal.Id, rep, CancellationToken.None))).Record!;
        var unrelated = await _kit.UpdateAsync(rep, fresh, new { timeline = "下月" });
        Assert.True(unrelated.Succeeded);
        Assert.DoesNotContain(await _kit.ForRecordAsync(rep, deal.Id), a => a.Status == ApprovalStatus.Pending);

        var lowered = await _kit.UpdateAsync(rep, unrelated.Record!, new { discount = 25 });
        Assert.True(lowered.Succeeded);
        var again = await _kit.PendingAsync(rep, deal.Id);
        Assert.NotEqual(request.Id, again.Id);
    }

    [Fact]
    public async Task Recall_OnlyByTheSubmitter_EndsTheRequest()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var rep2 = await _kit.UserAsync("rep2@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 22);
        var request = await _kit.PendingAsync(rep, deal.Id);

        Assert.Equal(ApprovalOutcomeStatus.NotFound, (await _kit.RecallAsync(rep2, request.Id)).Status);
        Assert.Equal(ApprovalOutcomeStatus.Forbidden, (await _kit.RecallAsync(manager, request.Id)).Status);
        var recalled = await _kit.RecallAsync(rep, request.Id);
        Assert.Equal(ApprovalStatus.Recalled, recalled.Approval!.Status);
        Assert.Equal(ApprovalStepStatus.Cancelled, recalled.Approval.Steps[0].Status);
        Assert.Equal(ApprovalOutcomeStatus.AlreadyDecided, (await _kit.DecideAsync(manager, request.Id, ApprovalDecision.Approve)).Status);
    }

    [Fact]
    public async Task Delegate_DecidesForTheApproverWithinTheDates()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var manager = await _kit.UserAsync("manager@funnelstudio.local");
        var email = TestUsers.UniqueEmail("deputy");
        // Finance reads every deal, as whoever decides for the manager must.
        await server.CreateUserAsync(email, "副经理 Deputy", "finance");
        var deputy = await _kit.UserAsync(email);
        var deal = await _kit.OpportunityAsync(rep, 24);
        var request = await _kit.PendingAsync(rep, deal.Id);
        Assert.Equal(ApprovalOutcomeStatus.Forbidden, (await _kit.DecideAsync(deputy, request.Id, ApprovalDecision.Approve)).Status);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (delegation, error) = await _kit.WithAsync(s => s.GetRequiredService<IApprovalService>()
            .DelegateAsync(manager, deputy.Id, today, today.AddDays(7), CancellationToken.None));
        Assert.Null(error);
        var (_, self) = await _kit.WithAsync(s => s.GetRequiredService<IApprovalService>()
            .DelegateAsync(manager, manager.Id, today, today.AddDays(7), CancellationToken.None));
        Assert.Equal(ApprovalErrors.DelegationToSelf, self);

        var toDecide = await _kit.WithAsync(s => s.GetRequiredService<IApprovalService>().ListAsync(deputy, ApprovalListKind.ToDecide, CancellationToken.None));
        Assert.Contains(toDecide, a => a.Id == request.Id && a.CanDecide);
        var decided = await _kit.DecideAsync(deputy, request.Id, ApprovalDecision.Approve, "代批");
        Assert.Equal(ApprovalStatus.Approved, decided.Approval!.Status);
        var task = decided.Approval.Steps[0].Tasks.Single();
        Assert.Equal(manager.Id, task.ApproverId);
        Assert.Equal(deputy.Id, task.DecidedBy);

        Assert.True(await _kit.WithAsync(s => s.GetRequiredService<IApprovalService>().RemoveDelegationAsync(manager, delegation!.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task Stuck_ListsPendingRequestsOlderThanTheThreshold_ForAdminsOnly()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var admin = await _kit.UserAsync("admin@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 27);
        var request = await _kit.PendingAsync(rep, deal.Id);
        var service = (IServiceProvider s) => s.GetRequiredService<IApprovalService>();

        var anyAge = await _kit.WithAsync(s => service(s).ListStuckAsync(admin, TimeSpan.Zero, CancellationToken.None));
        Assert.Contains(anyAge, a => a.Id == request.Id);
        var twoDays = await _kit.WithAsync(s => service(s).ListAsync(admin, ApprovalListKind.Stuck, CancellationToken.None));
        Assert.DoesNotContain(twoDays, a => a.Id == request.Id);
        Assert.Empty(await _kit.WithAsync(s => service(s).ListStuckAsync(rep, TimeSpan.Zero, CancellationToken.None)));
    }

    [Fact]
    public async Task Escalation_AfterTheStepWaited_AddsTheEscalationApprovers_WhoDecideAlone()
    {
        var rep = await _kit.UserAsync("rep@funnelstudio.local");
        var admin = await _kit.UserAsync("admin@funnelstudio.local");
        var deal = await _kit.OpportunityAsync(rep, 26);
        var request = await _kit.PendingAsync(rep, deal.Id);

        var timer = new FunnelStudio.Outbox.OutboxItem(0, ApprovalSteps.EscalateKind,
            System.Text.Json.JsonSerializer.Serialize(new EscalationTimer(request.Id, 0)), FunnelStudio.Outbox.OutboxStatus.Pending);
        await _kit.WithAsync(async s =>
        {
            var handler = s.GetServices<FunnelStudio.Outbox.IOutboxHandler>().Single(h => h.Kind == ApprovalSteps.EscalateKind);
            await handler.HandleAsync(timer, CancellationToken.None);
            await handler.HandleAsync(timer, CancellationToken.None); // a second delivery changes nothing
            return 0;
        });

        var escalated = await _kit.PendingAsync(rep, deal.Id);
        Assert.True(escalated.Escalated);
        Assert.True(escalated.Steps[0].Escalated);
        var added = Assert.Single(escalated.Steps[0].Tasks, t => t.Escalation);
        Assert.Equal(admin.Id, added.ApproverId);
        var decided = await _kit.DecideAsync(admin, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Approved, decided.Approval!.Status);
    }
}
