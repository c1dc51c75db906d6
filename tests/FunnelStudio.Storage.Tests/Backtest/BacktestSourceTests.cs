using System.Text.Json.Nodes;
using FunnelStudio.Access;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Backtest;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.TestSupport;
using FunnelStudio.Versions.Backtest;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Backtest;

public sealed class SqliteBacktestSourceTests(SqliteDatabase database) : BacktestSourceTests<SqliteDatabase>(database);

public sealed class PostgresBacktestSourceTests(PostgresDatabase database) : BacktestSourceTests<PostgresDatabase>(database);

/// <summary>Reading history for a backtest from the database: every live record once, its history in order, values typed.</summary>
public abstract class BacktestSourceTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static readonly DateTime Start = new(2026, 2, 2, 8, 0, 0, DateTimeKind.Utc);

    private IRecordStore Store => database.Store;

    private EfBacktestSource Source(int batchSize) =>
        new(database.Services.GetRequiredService<IDbContextFactory<FunnelStudioDbContext>>()) { BatchSize = batchSize };

    /// <summary>Stores a record at <paramref name="at"/>, then the given changes one save each, a day apart.</summary>
    private async Task<StoredRecord> HistoryAsync(string obj, string title, decimal amount, params (string? Stage, decimal? Amount)[] saves)
    {
        var record = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(TestObjects.Record(obj, title, amount, at: Start)), CancellationToken.None);
        for (var i = 0; i < saves.Length; i++)
        {
            var at = Start.AddDays(i + 1);
            var changed = record with
            {
                Stage = saves[i].Stage ?? record.Stage,
                Values = record.Values.With("amount", saves[i].Amount ?? record.Values["amount"]).With("close_date", at.Date),
                UpdatedAt = at,
                StageEnteredAt = saves[i].Stage is null ? record.StageEnteredAt : at,
            };
            record = await Store.PersistAsync(TestObjects.Update(record, changed, record.Version), CancellationToken.None);
        }
        return record;
    }

    private ObjectDefinition WithPipeline(string obj) => database.Objects.Find(obj)! with
    {
        Pipeline = new PipelineDefinition("stage", TestObjects.Stages.Select((s, i) => new StageDefinition(s, LocalizedText.Of(s), i)).ToList()),
    };

    [Fact]
    public async Task ReadAsync_GivesEveryLiveRecordOnceInIdOrder_WithItsHistoryInTimeOrderAndTyped_AcrossBatches()
    {
        var deals = database.Objects.NewDeal();
        var other = database.Objects.NewDeal();
        var stored = new List<StoredRecord>();
        for (var i = 0; i < 7; i++)
            stored.Add(await HistoryAsync(deals, $"Deal {i}", 100 + i, ("mql", null), (null, 500 + i), ("sql", 900 + i)));
        var deleted = await HistoryAsync(deals, "Deleted", 1, ("mql", null));
        await Store.PersistAsync(TestObjects.Update(deleted, deleted with { Deleted = true, UpdatedAt = Start.AddDays(5) }, deleted.Version), CancellationToken.None);
        await HistoryAsync(other, "Other object", 1, ("mql", 2));

        var read = await Source(batchSize: 3).ReadAsync([WithPipeline(deals)], CancellationToken.None).ToListAsync();

        Assert.Equal(stored.Select(r => r.Id).Order(), read.Select(r => r.Id).Order());
        Assert.Equal(read.Count, read.Select(r => r.Id).Distinct().Count());
        foreach (var record in read)
        {
            var i = stored.FindIndex(s => s.Id == record.Id);
            Assert.Equal((deals, $"Deal {i}", "stage", Start), (record.Object, record.Title, record.StageField, record.CreatedAt));
            Assert.Equal(900m + i, record.Values["amount"]);
            Assert.Equal([(null, "lead", Start), ("lead", "mql", Start.AddDays(1)), ("mql", "sql", Start.AddDays(3))],
                record.Moves.Select(m => (m.From, m.To, m.At)));
            Assert.Equal("rep1", record.Moves[0].By);
            var amounts = record.Changes.Where(c => c.Field == "amount").ToList();
            Assert.Equal([(100m + i, 500m + i, Start.AddDays(2)), (500m + i, 900m + i, Start.AddDays(3))],
                amounts.Select(c => ((decimal)c.OldValue!, (decimal)c.NewValue!, c.At)));
            var closeDates = record.Changes.Where(c => c.Field == "close_date").Select(c => c.NewValue).ToList();
            Assert.Equal([Start.AddDays(1).Date, Start.AddDays(2).Date, Start.AddDays(3).Date], closeDates.Cast<DateTime>());
            Assert.True(record.Changes.Zip(record.Changes.Skip(1)).All(p => p.First.At <= p.Second.At));
            // The one function: the values of each moment from this history.
            Assert.Equal(100m + i, RecordTimeline.ValuesAt(record, Start.AddDays(1))["amount"]);
            Assert.Equal("mql", RecordTimeline.ValuesAt(record, Start.AddDays(2))["stage"]);
        }
    }

    [Fact]
    public async Task Backtest_OverTheDatabase_ReportsTheMovesTheDraftBlocksWithTheValuesOfTheirMoment()
    {
        var active = Compile(PackageVariant.Of("b2b-saas"));
        using var stricter = PackageVariant.Of("b2b-saas").Edit("objects/deal.json", o =>
            o["pipeline"]!["stages"]!.AsArray().Single(s => (string?)s!["name"] == "lead")!["exitCriteria"]!.AsArray().Add(new JsonObject
            {
                ["name"] = "min_amount", ["expression"] = "Fn.Coalesce(record.amount, 0) >= 2000", ["message"] = "An amount of at least 2,000.",
            }));
        var draft = Compile(stricter);
        var small = await QualifiedLeadAsync("Small at the move", 1000);
        await QualifiedLeadAsync("Large", 5000);
        // Raised after the move: the draft judges the amount of the move's moment, not today's.
        var raised = await Store.PersistAsync(TestObjects.Update(small.Moved, small.Moved with
        {
            Values = small.Moved.Values.With("amount", 9000m), UpdatedAt = Start.AddDays(3),
        }, small.Moved.Version), CancellationToken.None);

        var service = new BacktestService(Source(batchSize: 1), new StaticDirectory());
        var report = await service.RunAsync(active, draft, null, CancellationToken.None);

        Assert.Equal((2, 4), (report.Records, report.Moves));
        Assert.Equal((4, 0), (report.Active.Replayed, report.Active.Blocked));
        Assert.Equal((4, 1), (report.Draft.Replayed, report.Draft.Blocked));
        var rule = Assert.Single(report.Draft.Rules);
        Assert.Equal(("lead", "min_amount", 1L), (rule.Stage, rule.Rule, rule.Count));
        var example = Assert.Single(rule.Examples);
        Assert.Equal((raised.Id, "Small at the move", "lead", "mql", Start.AddDays(1)), (example.RecordId, example.Title, example.From, example.To, example.At));
        var lead = report.Stages.Single(s => s.Stage == "lead");
        Assert.Equal((2L, 2L, 1L), (lead.Happened.Entered, lead.Happened.Converted, lead.Draft.Converted));
    }

    /// <summary>A deal of the sample package that meets lead's exit criteria, moved to mql a day after its creation.</summary>
    private async Task<(StoredRecord Created, StoredRecord Moved)> QualifiedLeadAsync(string name, decimal amount)
    {
        var values = new Dictionary<string, object?>
        {
            ["name"] = name, ["amount"] = amount, ["source"] = "website", ["icp_fit"] = true, ["owner"] = "rep1",
            ["first_contact_at"] = Start.AddHours(-3),
        };
        var record = TestObjects.Record("deal", name, amount, at: Start) with { Values = new RecordValues(values) };
        var created = await Store.PersistAsync(TestObjects.CreateWithoutFieldHistory(record), CancellationToken.None);
        var moved = await Store.PersistAsync(TestObjects.Update(created, created with
        {
            Stage = "mql", UpdatedAt = Start.AddDays(1), StageEnteredAt = Start.AddDays(1),
        }, created.Version), CancellationToken.None);
        return (created, moved);
    }

    private static CompiledPackage Compile(PackageVariant variant)
    {
        using (variant)
        {
            var load = PackageLoader.Load(variant.Path);
            return load.Package ?? throw new InvalidOperationException(string.Join("\n", load.Errors));
        }
    }

    private sealed class StaticDirectory : IUserDirectory
    {
        private static readonly DirectoryUser[] Users = [new("rep1", "Rep One", null, true, null, ["rep"])];
        public ValueTask<IReadOnlyList<DirectoryUser>> AllAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<DirectoryUser>>(Users);
        public ValueTask<DirectoryUser?> FindAsync(string id, CancellationToken cancellationToken) => ValueTask.FromResult(Users.FirstOrDefault(u => u.Id == id));
        public void Invalidate() { }
    }
}
