using FunnelStudio.Access;
using FunnelStudio.Engine.Tests.Saving;
using FunnelStudio.Engine.Tests.Support;
using FunnelStudio.Notifications;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Saving.Pipeline;
using FunnelStudio.Tests.Templates;

namespace FunnelStudio.Engine.Tests.Notifications;

/// <summary>The notified test package (opportunities owned by a seller) with its pipeline, users and a notify handler.</summary>
internal sealed class NotificationKit
{
    public static readonly ActingUser Agent = new("a1", "Ann Agent", ["agent"]);
    public static readonly ActingUser Chief = new("chief", "Chief", ["chief"]);

    public NotificationKit(CompiledPackage? package = null, params DirectoryUser[] users)
    {
        Package = package ?? PackageBuilder.FromFolder(Fixtures.Folder("notified")).Compile();
        Runtime = new PipelineFixture.FixedRuntime(Package);
        Users = new InMemoryUserDirectory(users.Length > 0 ? users :
        [
            new DirectoryUser("boss", "Bea Boss", "boss@example.com", true, null, ["lead"]),
            new DirectoryUser("a1", "Ann Agent", "ann@example.com", true, "boss", ["agent"]),
            new DirectoryUser("a2", "Al Agent", null, true, "boss", ["agent"]),
            new DirectoryUser("aud", "Aud Itor", "aud@example.com", true, null, ["auditor"]),
            new DirectoryUser("gone", "Gone Auditor", "gone@example.com", false, null, ["auditor"]),
        ]);
        Service = new RecordService(Runtime, Store,
            [new LoadExistingStep(Store), new BindValuesStep(), new DefaultsStep(), new FieldPermissionStep(), new ReferencesStep(Store, Users),
             new DeleteRulesStep(Store), new ValidateStep(), new StageGateStep(), new UniqueStep(Store),
             new NotificationRulesStep(Users), new PersistStep(Store, Runtime, Store)],
            TimeProvider.System);
    }

    public CompiledPackage Package { get; }
    public PipelineFixture.FixedRuntime Runtime { get; }
    public InMemoryRecordStore Store { get; } = new();
    public InMemoryUserDirectory Users { get; }
    public RecordService Service { get; }
    public TestTemplateRenderer Renderer { get; } = new();
    public InMemoryNotificationStore Inbox { get; } = new();

    public NotificationHandler Handler(params INotificationChannel[] channels) =>
        new(Runtime, Store, Users, Renderer, Inbox, channels, new NotificationOptions { PublicUrl = new Uri("https://crm.example.com/") }, TimeProvider.System);

    public async Task<StoredRecord> CreateAsync(ActingUser user, object values)
    {
        var result = await Service.SaveAsync(new SaveCommand("opportunity", SaveOperation.Create, user) { JsonValues = PipelineFixture.Json(values) },
            CancellationToken.None);
        Assert.True(result.Status == SaveStatus.Saved, string.Join("; ", result.Violations.Select(v => v.MessageIn("en"))));
        return result.Record!;
    }

    public Task<SaveResult> MoveAsync(StoredRecord record, ActingUser user, string stage) =>
        Service.SaveAsync(new SaveCommand(record.Object, SaveOperation.MoveStage, user)
        {
            RecordId = record.Id, ToStage = stage, ExpectedVersion = record.Version,
        }, CancellationToken.None);
}
