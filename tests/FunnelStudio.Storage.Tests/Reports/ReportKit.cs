using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Reports;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Reports;

/// <summary>
/// A deal-like object with a pipeline, an owner field, a picklist, a date, a date-time and a field the
/// rep role may not read; a package of three roles over it (manager: team; rep: own, <c>secret</c>
/// hidden; admin); and a seeded set of records whose answers the tests compute again in C#.
/// </summary>
internal sealed class ReportKit
{
    public static readonly string[] Owners = ["rep1", "rep2", "rep3"];
    public static readonly string[] Stages = ["lead", "qualified", "won", "lost"];
    public static readonly string[] Sources = ["web", "event", "referral"];

    public static readonly ActingUser Admin = new("boss", "Boss", ["admin"]);
    public static readonly ActingUser Manager = new("mgr", "Manager", ["manager"]) { TeamIds = ["rep1", "rep2", "rep3"] };
    public static readonly ActingUser Rep1 = new("rep1", "Rep One", ["rep"]);

    public ObjectDefinition Object { get; }
    public PackageDefinition Package { get; }
    public List<StoredRecord> Records { get; } = [];

    public ReportKit(StorageDatabase database)
    {
        var name = TestObjects.NewName("rdeal");
        Object = new ObjectDefinition(name, LocalizedText.Of("Deal"),
        [
            new FieldDefinition("name", FieldType.Text, LocalizedText.Of("Name")),
            new FieldDefinition("stage", FieldType.Picklist, LocalizedText.Of("Stage")) { IsStageField = true },
            new FieldDefinition("owner", FieldType.User, LocalizedText.Of("Owner")),
            new FieldDefinition("amount", FieldType.Currency, LocalizedText.Of("Amount")),
            new FieldDefinition("source", FieldType.Picklist, LocalizedText.Of("Source"))
            {
                Options = Sources.Select(s => new PicklistOption(s, LocalizedText.Of(s))).ToList(),
            },
            new FieldDefinition("close_date", FieldType.Date, LocalizedText.Of("Close date")),
            new FieldDefinition("demo_at", FieldType.DateTime, LocalizedText.Of("Demo")),
            new FieldDefinition("signed", FieldType.Boolean, LocalizedText.Of("Signed")),
            new FieldDefinition("secret", FieldType.Number, LocalizedText.Of("Secret")),
            new FieldDefinition("notes", FieldType.LongText, LocalizedText.Of("Notes")),
        ])
        {
            TitleField = "name",
            OwnerField = "owner",
            Pipeline = new PipelineDefinition("stage", Stages.Select((s, i) => new StageDefinition(s, LocalizedText.Of(s.ToUpperInvariant()), i)).ToList())
            {
                AmountField = "amount",
            },
        };
        database.Objects.Add(Object);
        Package = new PackageDefinition("reports-test", "1.0.0", LocalizedText.Of("Reports test"))
        {
            Objects = [Object],
            Roles =
            [
                new RoleDefinition("admin", LocalizedText.Of("Admin")) { Admin = true },
                new RoleDefinition("manager", LocalizedText.Of("Manager"))
                {
                    Permissions = new Dictionary<string, ObjectPermission> { [name] = new() { Read = AccessScope.Team } },
                },
                new RoleDefinition("rep", LocalizedText.Of("Rep"))
                {
                    Permissions = new Dictionary<string, ObjectPermission>
                    {
                        [name] = new() { Read = AccessScope.Own, Fields = new Dictionary<string, FieldAccess> { ["secret"] = FieldAccess.Hidden } },
                    },
                },
            ],
        };
        Service = new ReportService(new FixedRuntime(new CompiledPackage(Package, new Dictionary<string, CompiledObject>())),
            database.Services.GetRequiredService<IReportStore>(), TimeProvider.System);
    }

    public ReportService Service { get; }

    /// <summary>
    /// <paramref name="count"/> records from a fixed seed: created over 2026 at any hour (so many fall on
    /// another local day or month than in UTC), some without amount, source or dates, two deleted.
    /// </summary>
    public async Task SeedAsync(StorageDatabase database, int count = 160)
    {
        var random = new Random(20261201);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var created = start.AddMinutes(random.Next(0, 365 * 24 * 60));
            // A handful right around the spring DST change in Europe (2026-03-29 01:00 UTC).
            if (i % 20 == 0) created = new DateTime(2026, 3, 28, 22, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(0, 6 * 60));
            var values = new Dictionary<string, object?>
            {
                ["name"] = $"Deal {i:000}",
                ["amount"] = random.Next(5) == 0 ? null : Math.Round((decimal)random.NextDouble() * 10000m, 2),
                ["source"] = random.Next(6) == 0 ? null : Sources[random.Next(Sources.Length)],
                ["close_date"] = random.Next(5) == 0 ? null : DateTime.SpecifyKind(created.Date.AddDays(random.Next(0, 90)), DateTimeKind.Unspecified),
                ["demo_at"] = random.Next(3) == 0 ? null : created.AddHours(random.Next(0, 24 * 20)),
                ["signed"] = random.Next(2) == 0,
                ["secret"] = (decimal)random.Next(100),
            };
            var record = TestObjects.Record(Object.Name, (string)values["name"]!, values["amount"] as decimal?, Stages[random.Next(Stages.Length)],
                Owners[random.Next(Owners.Length)], created, values);
            await database.Store.PersistAsync(TestObjects.Create(record), CancellationToken.None);
            Records.Add(record);
        }
        foreach (var deleted in Records.Take(2).ToList())
        {
            var gone = deleted with { Deleted = true, UpdatedAt = deleted.UpdatedAt.AddMinutes(1) };
            var stored = await database.Store.FindAsync(Object.Name, deleted.Id, CancellationToken.None);
            await database.Store.PersistAsync(TestObjects.Update(stored!, gone, stored!.Version), CancellationToken.None);
            Records.Remove(deleted);
        }
    }

    public ReportDefinition Report(params ReportGrouping[] groups) => new()
    {
        Name = "test",
        Object = Object.Name,
        GroupBy = groups,
        Measures = [new ReportMeasure { Aggregate = "count" }, new ReportMeasure { Aggregate = "sum", Field = "amount" }],
    };

    internal sealed class FixedRuntime(CompiledPackage package) : IPackageRuntime
    {
        public CompiledPackage Current => package;
        public long VersionId => 1;
        public Task<bool> LoadPublishedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<LoadResult> PublishAsync(IPackageSource source, string? publishedBy, CancellationToken cancellationToken) => throw new NotSupportedException();
        public IDisposable Pin() => throw new NotSupportedException();
        public void Activate(CompiledPackage package, long versionId) => throw new NotSupportedException();
    }
}
