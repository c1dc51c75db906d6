using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Notifications;
using FunnelStudio.Records;
using FunnelStudio.Saving;

namespace FunnelStudio.Engine.Tests.Notifications;

public sealed class NotificationRulesStepTests
{
    private static NotificationRequest Notify(PersistRequest write) =>
        NotificationRequest.FromPayload(Assert.Single(write.Outbox, m => m.Kind == NotificationRequest.Kind).Payload)!;

    [Fact]
    public async Task Create_MatchingACreatedRule_QueuesANotificationForTheUserField_WithTheNewRecordsId()
    {
        var kit = new NotificationKit();

        var created = await kit.CreateAsync(NotificationKit.Chief, new { title = "Big one", seller = "a2" });

        var request = Notify(Assert.Single(kit.Store.Writes));
        Assert.Equal(("opened", "record.created", "opportunity", created.Id), (request.Template, request.Event, request.Object, request.RecordId));
        Assert.Equal(["a2"], request.Recipients);
        Assert.Equal($"/o/opportunity/{created.Id}", request.Link);
    }

    [Fact]
    public async Task MoveToTheRulesStage_QueuesItForTheOwnersManagerAndTheActiveHoldersOfTheRole()
    {
        var kit = new NotificationKit();
        var created = await kit.CreateAsync(NotificationKit.Agent, new { title = "Won soon", seller = "a1" });

        var moved = await kit.MoveAsync(created, NotificationKit.Agent, "closed_won");

        Assert.Equal(SaveStatus.Saved, moved.Status);
        var request = Notify(kit.Store.Writes[^1]);
        Assert.Equal(("closed", "stage.changed"), (request.Template, request.Event));
        Assert.Equal(["boss", "aud"], request.Recipients);
        Assert.Equal("Closed won", request.Values["stage.to_label"]);
        Assert.Equal("open", request.Values["stage.from"]);
        Assert.Equal("Ann Agent", request.Values["changed_by"]);
    }

    [Fact]
    public async Task MoveToAnotherStage_OrAnUpdate_QueuesNothing()
    {
        var kit = new NotificationKit();
        var created = await kit.CreateAsync(NotificationKit.Agent, new { title = "Lost", seller = "a1" });

        var updated = await kit.Service.SaveAsync(new SaveCommand("opportunity", SaveOperation.Update, NotificationKit.Agent)
        {
            RecordId = created.Id, ExpectedVersion = created.Version, JsonValues = PipelineFixture.Json(new { notes = "x" }),
        }, CancellationToken.None);
        await kit.MoveAsync(updated.Record!, NotificationKit.Agent, "closed_lost");

        Assert.Equal(3, kit.Store.Writes.Count);
        Assert.All(kit.Store.Writes.Skip(1), w => Assert.DoesNotContain(w.Outbox, m => m.Kind == NotificationRequest.Kind));
    }

    [Fact]
    public async Task RuleWithAWebhook_QueuesTheWebhookBesideTheNotification()
    {
        var package = Support.PackageBuilder.FromFolder(Support.Fixtures.Folder("notified")).EditPackage(p =>
            p["notifications"]![0]!["webhook"] = new System.Text.Json.Nodes.JsonObject { ["url"] = "https://oapi.dingtalk.com/robot/send?access_token=t", ["format"] = "dingtalk", ["secret"] = "s" })
            .Compile();
        var kit = new NotificationKit(package);
        var created = await kit.CreateAsync(NotificationKit.Agent, new { title = "Hooked", seller = "a1" });

        await kit.MoveAsync(created, NotificationKit.Agent, "closed_won");

        var hook = NotificationWebhookRequest.FromPayload(Assert.Single(kit.Store.Writes[^1].Outbox, m => m.Kind == NotificationWebhookRequest.Kind).Payload)!;
        Assert.Equal(("dingtalk", "s", created.Id), (hook.Webhook.Format, hook.Webhook.Secret, hook.Notification.RecordId));
    }

    [Fact]
    public async Task B2bSaas_DealMovedToWon_NotifiesTheOwnersManager()
    {
        var fixture = new PipelineFixture();
        var deal = fixture.Store.Put(new StoredRecord(Guid.NewGuid(), "deal", new RecordValues(new Dictionary<string, object?>
        {
            ["name"] = "Won deal", ["owner"] = "rep1", ["source"] = "event", ["amount"] = 1000m, ["close_date"] = new DateTime(2026, 12, 31),
            ["demo_done"] = true, ["decision_maker_feedback"] = "positive", ["contract_signed"] = true, ["payment_confirmed"] = true,
        }))
        { Stage = "opportunity", OwnerId = "rep1", Version = 1 });

        var moved = await fixture.Service.SaveAsync(new SaveCommand("deal", SaveOperation.MoveStage, new ActingUser("adm", "Admin", ["admin"]))
        {
            RecordId = deal.Id, ToStage = "won", ExpectedVersion = deal.Version,
        }, CancellationToken.None);

        Assert.True(moved.Status == SaveStatus.Saved, string.Join("; ", moved.Violations.Select(v => v.MessageIn("en"))));
        var request = Notify(fixture.Store.Writes[^1]);
        Assert.Equal(("deal_won", "stage.changed", deal.Id), (request.Template, request.Event, request.RecordId));
        Assert.Equal(["mgr"], request.Recipients);
    }

    [Fact]
    public async Task PackageWithoutRules_NeverAsksTheUserDirectory()
    {
        var package = Support.PackageBuilder.FromFolder(Support.Fixtures.Folder("notified")).EditPackage(p => p.Remove("notifications")).Compile();
        var directory = new CountingDirectory();
        var step = new NotificationRulesStep(directory);
        var context = new FunnelStudio.Saving.Pipeline.SaveContext(new SaveCommand("opportunity", SaveOperation.Create, NotificationKit.Agent),
            package, package.Object("opportunity")!, DateTime.UtcNow);

        await step.ExecuteAsync(context, CancellationToken.None);

        Assert.Empty(context.Outbox);
        Assert.Equal(0, directory.Calls);
    }

    private sealed class CountingDirectory : IUserDirectory
    {
        public int Calls { get; private set; }

        public ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken)
        {
            Calls++;
            return ValueTask.FromResult<IReadOnlyList<DirectoryUser>>([]);
        }

        public ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult<DirectoryUser?>(null);

        public void Invalidate()
        {
        }
    }
}
