using System.Text.Json;
using System.Text.Json.Nodes;
using FunnelStudio.Approvals;
using FunnelStudio.Portal.Tests.Config;
using FunnelStudio.Portal.Tests.Infrastructure;
using FunnelStudio.Saving;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Portal.Tests.Approvals;

/// <summary>The portal on the purchasing test package (tests/FunnelStudio.Portal.Tests/TestData/purchasing): no name of b2b-saas.</summary>
public sealed class SqlitePurchasingPortal() : PortalServer(new SqliteDatabase(), PurchasingPortal.Package);

public sealed class PostgresPurchasingPortal() : PortalServer(new PostgresDatabase(), PurchasingPortal.Package);

public static class PurchasingPortal
{
    public const string Package = "tests/FunnelStudio.Portal.Tests/TestData/purchasing";
}

public sealed class PurchaseApprovalOnSqlite(SqlitePurchasingPortal server) : PurchaseApprovalTests(server), IClassFixture<SqlitePurchasingPortal>;

public sealed class PurchaseApprovalOnPostgres(PostgresPurchasingPortal server) : PurchaseApprovalTests(server), IClassFixture<PostgresPurchasingPortal>;

public sealed class PinnedFlowOnSqlite(SqlitePurchasingPortal server) : PinnedFlowTests(server), IClassFixture<SqlitePurchasingPortal>;

public sealed class PinnedFlowOnPostgres(PostgresPurchasingPortal server) : PinnedFlowTests(server), IClassFixture<PostgresPurchasingPortal>;

/// <summary>
/// A package of its own: a step whose approver is a user field, an <c>all</c> step of a role, and
/// onApproved actions (set a field, move the stage) applied in the same transaction as the final
/// decision — or, when the pipeline refuses them, neither.
/// </summary>
public abstract class PurchaseApprovalTests(PortalServer server)
{
    private readonly ApprovalKit _kit = new(server);

    private Task<(StoredRecord Order, ApprovalDetails Request)> OrderAsync(object values) => PurchaseOrders.CreateAsync(_kit, values);

    private Task<StoredRecord?> ReadAsync(Guid id) =>
        _kit.WithAsync(async s => (await s.GetRequiredService<IRecordService>().GetAsync("purchase_order", id, ActingUser.System, CancellationToken.None)).Record);

    [Fact]
    public async Task AllStep_NeedsEveryController_ThenTheActionsSetAndMoveWithTheDecision()
    {
        var reviewer = await _kit.UserAsync("reviewer@funnelstudio.local");
        var c1 = await _kit.UserAsync("controller1@funnelstudio.local");
        var c2 = await _kit.UserAsync("controller2@funnelstudio.local");
        var (order, request) = await OrderAsync(new { title = "Servers", total = 25000, supplier = "Acme", reviewer = reviewer.Id });
        Assert.Equal([reviewer.Id], request.Steps[0].Tasks.Select(t => t.ApproverId));

        Assert.Equal(1, (await _kit.DecideAsync(reviewer, request.Id, ApprovalDecision.Approve)).Approval!.CurrentStep);
        var afterOne = await _kit.DecideAsync(c1, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Pending, afterOne.Approval!.Status);
        Assert.Equal("draft", (await ReadAsync(order.Id))!.Stage);

        var afterAll = await _kit.DecideAsync(c2, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Approved, afterAll.Approval!.Status);
        var done = (await ReadAsync(order.Id))!;
        Assert.Equal("ordered", done.Stage);
        Assert.Equal("approved", done.Values.GetString("approval_note"));
        Assert.Equal(c2.Id, done.UpdatedBy);
    }

    [Fact]
    public async Task ActionsThePipelineRefuses_LeaveTheRequestPending_AndTheOrderUnchanged()
    {
        var buyer = await _kit.UserAsync("buyer@funnelstudio.local");
        var reviewer = await _kit.UserAsync("reviewer@funnelstudio.local");
        var c1 = await _kit.UserAsync("controller1@funnelstudio.local");
        var c2 = await _kit.UserAsync("controller2@funnelstudio.local");
        var (order, request) = await OrderAsync(new { title = "No supplier yet", total = 12000, reviewer = reviewer.Id });
        await _kit.DecideAsync(reviewer, request.Id, ApprovalDecision.Approve);
        await _kit.DecideAsync(c1, request.Id, ApprovalDecision.Approve);

        // Moving to "ordered" needs a supplier: the last approval cannot be applied, so it isn't made.
        var refused = await _kit.DecideAsync(c2, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalOutcomeStatus.Refused, refused.Status);
        Assert.Contains(refused.Violations, v => v.Rule == "supplier_named");
        Assert.Equal(ApprovalStatus.Pending, refused.Approval!.Status);
        Assert.True(refused.Approval.CanDecide);
        var unchanged = (await ReadAsync(order.Id))!;
        Assert.Equal("draft", unchanged.Stage);
        Assert.Null(unchanged.Values.GetString("approval_note"));

        // The record isn't locked: the buyer names the supplier, and the same approval now goes through.
        var fixedOrder = await _kit.SaveAsync(new SaveCommand("purchase_order", SaveOperation.Update, buyer)
        {
            RecordId = order.Id, JsonValues = JsonSerializer.SerializeToElement(new { supplier = "Acme" }),
        });
        Assert.True(fixedOrder.Succeeded);
        Assert.Equal(ApprovalStatus.Approved, (await _kit.DecideAsync(c2, request.Id, ApprovalDecision.Approve)).Approval!.Status);
        Assert.Equal("ordered", (await ReadAsync(order.Id))!.Stage);
    }

    [Fact]
    public async Task Reject_RunsOnRejected_AndTheGateStaysShut()
    {
        var buyer = await _kit.UserAsync("buyer@funnelstudio.local");
        var reviewer = await _kit.UserAsync("reviewer@funnelstudio.local");
        var (order, request) = await OrderAsync(new { title = "Too dear", total = 50000, supplier = "Acme", reviewer = reviewer.Id });

        var rejected = await _kit.DecideAsync(reviewer, request.Id, ApprovalDecision.Reject, "Get two more quotes");
        Assert.Equal(ApprovalStatus.Rejected, rejected.Approval!.Status);
        Assert.Equal([ApprovalStepStatus.Rejected, ApprovalStepStatus.Cancelled], rejected.Approval.Steps.Select(s => s.Status));
        var current = (await ReadAsync(order.Id))!;
        Assert.Equal("rejected", current.Values.GetString("approval_note"));

        var move = await _kit.SaveAsync(new SaveCommand("purchase_order", SaveOperation.MoveStage, buyer) { RecordId = order.Id, ToStage = "ordered" });
        Assert.Equal(SaveStatus.StageBlocked, move.Status);
        Assert.Contains(move.Violations, v => v.Rule == "large_orders_approved");
    }
}

/// <summary>A request keeps the flow it started with (a portal of its own: it publishes a new version).</summary>
public abstract class PinnedFlowTests(PortalServer server)
{
    private readonly ApprovalKit _kit = new(server);

    private Task<(StoredRecord Order, ApprovalDetails Request)> OrderAsync(object values) => PurchaseOrders.CreateAsync(_kit, values);

    [Fact]
    public async Task ARequest_KeepsTheFlowItStartedWith_WhenANewVersionChangesIt()
    {
        var reviewer = await _kit.UserAsync("reviewer@funnelstudio.local");
        var c1 = await _kit.UserAsync("controller1@funnelstudio.local");
        var (_, request) = await OrderAsync(new { title = "Pinned", total = 30000, supplier = "Acme", reviewer = reviewer.Id });

        // The new version drops the controllers' step.
        using var admin = await server.SignInAsync(TestUsers.Admin);
        var files = ConfigPackages.With(await ConfigPackages.ActiveFilesAsync(admin), "approvals/po_approval.json",
            f => f["steps"]!.AsArray().RemoveAt(1));
        var draft = await ConfigPackages.DraftAsync(admin, files);
        var impact = await (await admin.GetAsync($"/api/v1/config/versions/{draft}/impact")).AssertOkAsync();
        Assert.Contains(impact.GetProperty("impact").GetProperty("approvals").EnumerateArray(),
            a => a.GetProperty("flow").GetString() == "po_approval" && a.GetProperty("pending").GetInt32() >= 1);
        await (await ConfigPackages.PublishAsync(admin, draft)).AssertOkAsync();

        var reviewed = await _kit.DecideAsync(reviewer, request.Id, ApprovalDecision.Approve);
        Assert.Equal(ApprovalStatus.Pending, reviewed.Approval!.Status);
        Assert.Equal(1, reviewed.Approval.CurrentStep);
        Assert.Contains(c1.Id, reviewed.Approval.Steps[1].Tasks.Select(t => t.ApproverId));

        // A request started under the new version has one step.
        var (_, fresh) = await OrderAsync(new { title = "After", total = 30000, supplier = "Acme", reviewer = reviewer.Id });
        Assert.Single(fresh.Steps);
    }
}

/// <summary>Purchase orders created by the package's buyer, with the request their save started.</summary>
public static class PurchaseOrders
{
    public static async Task<(StoredRecord Order, ApprovalDetails Request)> CreateAsync(ApprovalKit kit, object values)
    {
        var buyer = await kit.UserAsync("buyer@funnelstudio.local");
        var saved = await kit.SaveAsync(new SaveCommand("purchase_order", SaveOperation.Create, buyer) { JsonValues = JsonSerializer.SerializeToElement(values) });
        Assert.True(saved.Succeeded, string.Join("; ", saved.Violations.Select(v => v.MessageIn("en"))));
        var requests = await kit.WithAsync(s => s.GetRequiredService<IApprovalService>().ForRecordAsync("purchase_order", saved.Record!.Id, buyer, CancellationToken.None));
        return (saved.Record!, requests.Single());
    }
}
