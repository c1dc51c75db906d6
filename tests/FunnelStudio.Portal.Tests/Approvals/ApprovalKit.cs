using System.Text.Json;
using FunnelStudio.Access;
using FunnelStudio.Approvals;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>The approval engine of a running portal, called as its services (each call in a scope of its own, as a request would).</summary>
public sealed class ApprovalKit(PortalServer server)
{
    public async Task<ActingUser> UserAsync(string email)
    {
        var directory = server.Services.GetRequiredService<IUserDirectory>();
        var users = await directory.AllAsync(CancellationToken.None);
        var user = users.Single(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        return PartyResolver.ToActingUser(user, users);
    }

    public async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> call)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider);
    }

    public Task<SaveResult> SaveAsync(SaveCommand command) =>
        WithAsync(s => s.GetRequiredService<IRecordService>().SaveAsync(command, CancellationToken.None));

    public async Task<StoredRecord> CreateDealAsync(ActingUser user, object values)
    {
        var result = await SaveAsync(new SaveCommand("deal", SaveOperation.Create, user) { JsonValues = JsonSerializer.SerializeToElement(values) });
        Assert.True(result.Succeeded, string.Join("; ", result.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        return result.Record!;
    }

    public Task<SaveResult> UpdateAsync(ActingUser user, StoredRecord record, object values, string? toStage = null) =>
        SaveAsync(new SaveCommand("deal", toStage is null ? SaveOperation.Update : SaveOperation.MoveStage, user)
        {
            RecordId = record.Id, JsonValues = JsonSerializer.SerializeToElement(values), ToStage = toStage,
        });

    public Task<IReadOnlyList<ApprovalDetails>> ForRecordAsync(ActingUser user, Guid record) =>
        WithAsync(s => s.GetRequiredService<IApprovalService>().ForRecordAsync("deal", record, user, CancellationToken.None));

    public async Task<ApprovalDetails> PendingAsync(ActingUser user, Guid record) =>
        (await ForRecordAsync(user, record)).Single(a => a.Status == ApprovalStatus.Pending);

    public Task<ApprovalOutcome> DecideAsync(ActingUser user, Guid request, ApprovalDecision decision, string? comment = null) =>
        WithAsync(s => s.GetRequiredService<IApprovalService>().DecideAsync(request, user, decision, comment, CancellationToken.None));

    public Task<ApprovalOutcome> RecallAsync(ActingUser user, Guid request) =>
        WithAsync(s => s.GetRequiredService<IApprovalService>().RecallAsync(request, user, null, CancellationToken.None));

    /// <summary>A deal in the opportunity stage (every earlier exit criterion met), owned by <paramref name="rep"/>.</summary>
    public async Task<StoredRecord> OpportunityAsync(ActingUser rep, decimal discount)
    {
        var deal = await CreateDealAsync(rep, new
        {
            name = Deals.Unique("审批"), amount = 120000, source = "referral", icp_fit = true,
            first_contact_at = DateTime.UtcNow.AddDays(-3).ToString("O"), need_confirmed = true, willing_to_talk = true,
            budget_confirmed = true, decision_maker = "张总", timeline = "本季度", close_date = DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd"), demo_scheduled_at = DateTime.UtcNow.AddDays(-1).ToString("O"),
        });
        var moved = await UpdateAsync(rep, deal, new { }, "opportunity");
        Assert.True(moved.Succeeded, string.Join("; ", moved.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        var discounted = await UpdateAsync(rep, moved.Record!, new { discount, demo_done = true, decision_maker_feedback = "positive" });
        Assert.True(discounted.Succeeded, string.Join("; ", discounted.Violations.Select(v => $"{v.Rule}: {v.MessageIn("en")}")));
        return discounted.Record!;
    }
}
