using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Config.Schema;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Versions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Schema;

public sealed class SqliteSchemaStepTests(SqliteDatabase database) : SchemaStepTests<SqliteDatabase>(database);

public sealed class PostgresSchemaStepTests(PostgresDatabase database) : SchemaStepTests<PostgresDatabase>(database);

/// <summary>
/// What a publish does to stored records, step by step, on real rows: the plan (read only) and the
/// migration (one transaction, safe to run twice).
/// </summary>
public abstract class SchemaStepTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private const string Notes = """{ "name": "notes", "type": "text" }""";

    private ISchemaPlanner Planner => database.Services.GetRequiredService<ISchemaPlanner>();
    private ISchemaMigration Migration => database.Services.GetRequiredService<ISchemaMigration>();

    private Task<SchemaPlan> PlanAsync(CompiledPackage active, CompiledPackage next, PublishMapping? mapping = null) =>
        Planner.PlanAsync(active, next, mapping ?? PublishMapping.None, CancellationToken.None);

    private Task ApplyAsync(SchemaPlan plan, long version = 7) => Migration.ApplyAsync(plan, version, "admin", CancellationToken.None);

    private async Task<StoredRecord> AddAsync(string obj, string title, IDictionary<string, object?>? values = null, string stage = "lead", decimal? amount = 10m) =>
        await database.Store.PersistAsync(TestObjects.Create(TestObjects.Record(obj, title, amount, stage, extra: values)), CancellationToken.None);

    private async Task<StoredRecord> FindAsync(string obj, Guid id) => (await database.Store.FindAsync(obj, id, CancellationToken.None))!;

    private async Task<List<string>> HistoryFieldsAsync(Guid id) =>
        (await database.Store.FieldHistoryAsync(id, CancellationToken.None)).Select(h => h.Field).ToList();

    [Fact]
    public async Task RemovedField_IsArchived_ItsValuesAndHistoryStayInStorage()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, Notes);
        var v2 = SchemaPackages.Build(obj);
        var kept = await AddAsync(obj, "kept", new Dictionary<string, object?> { ["notes"] = "call back" });
        await AddAsync(obj, "empty");

        var plan = await PlanAsync(v1, v2);
        await ApplyAsync(plan);

        Assert.Empty(plan.Problems);
        Assert.Equal(new SchemaStep(SchemaStepKinds.ArchiveField, obj, "notes", "text", null, 1), Assert.Single(plan.Steps));
        Assert.Equal("call back", (await FindAsync(obj, kept.Id)).Values["notes"]);
        Assert.Contains("notes", await HistoryFieldsAsync(kept.Id));
    }

    [Fact]
    public async Task ArchivedField_ComesBackWithItsValues_WhenALaterVersionBringsItBack()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, Notes);
        var v2 = SchemaPackages.Build(obj);
        var record = await AddAsync(obj, "kept", new Dictionary<string, object?> { ["notes"] = "call back" });
        await ApplyAsync(await PlanAsync(v1, v2));

        var back = await PlanAsync(v2, v1);
        await ApplyAsync(back);

        Assert.Empty(back.Problems);
        Assert.Equal(new SchemaStep(SchemaStepKinds.RestoreField, obj, "notes", null, "text", 1), Assert.Single(back.Steps));
        Assert.Equal("call back", (await FindAsync(obj, record.Id)).Values["notes"]);
    }

    [Fact]
    public async Task ArchivedField_BackWithAnotherType_IsATypeChange_RefusedWhenItsValuesDoNotConvert()
    {
        var obj = SchemaPackages.NewObject();
        var v2 = SchemaPackages.Build(obj);
        var number = await AddAsync(obj, "number", new Dictionary<string, object?> { ["notes"] = "12.5" });
        var words = await AddAsync(obj, "words", new Dictionary<string, object?> { ["notes"] = "call back" });

        var plan = await PlanAsync(v2, SchemaPackages.Build(obj, """{ "name": "notes", "type": "number" }"""));

        var problem = Assert.Single(plan.Problems);
        Assert.Equal((SchemaStepKinds.Unsafe, obj, "notes"), (problem.Code, problem.Object, problem.Field));
        Assert.Equal([words.Id], problem.Examples);
        Assert.StartsWith("1 ", problem.Message);
        Assert.DoesNotContain(number.Id, problem.Examples);
    }

    [Fact]
    public async Task RenamedField_CarriesValuesAndHistoryOver_AndRunningItAgainDoesNothingMore()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, Notes);
        var v2 = SchemaPackages.Build(obj, """{ "name": "summary", "type": "text", "renamedFrom": "notes" }""");
        var record = await AddAsync(obj, "kept", new Dictionary<string, object?> { ["notes"] = "call back" });
        var historyBefore = (await HistoryFieldsAsync(record.Id)).Count;

        var plan = await PlanAsync(v1, v2);
        await ApplyAsync(plan);
        await ApplyAsync(plan);

        Assert.Empty(plan.Problems);
        Assert.Equal(new SchemaStep(SchemaStepKinds.RenameField, obj, "summary", "notes", "summary", 1), Assert.Single(plan.Steps));
        var stored = await FindAsync(obj, record.Id);
        Assert.Equal("call back", stored.Values["summary"]);
        Assert.False(stored.Values.ContainsKey("notes"));
        var history = await HistoryFieldsAsync(record.Id);
        Assert.Equal(historyBefore, history.Count);
        Assert.Contains("summary", history);
        Assert.DoesNotContain("notes", history);
        Assert.Empty((await PlanAsync(v2, v2)).Steps);
    }

    [Fact]
    public async Task TypeChange_ConvertsEveryValueExactly_WithAFieldHistoryRowEach()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """{ "name": "size", "type": "text" }, { "name": "day", "type": "date" }""");
        var v2 = SchemaPackages.Build(obj, """{ "name": "size", "type": "number" }, { "name": "day", "type": "datetime" }""");
        var a = await AddAsync(obj, "a", new Dictionary<string, object?> { ["size"] = "12", ["day"] = "2026-03-01" });
        var b = await AddAsync(obj, "b", new Dictionary<string, object?> { ["size"] = " -3.25 " });

        var plan = await PlanAsync(v1, v2);
        await ApplyAsync(plan);
        await ApplyAsync(plan);

        Assert.Empty(plan.Problems);
        Assert.Contains(new SchemaStep(SchemaStepKinds.ConvertField, obj, "size", "text", "number", 2), plan.Steps);
        Assert.Contains(new SchemaStep(SchemaStepKinds.ConvertField, obj, "day", "date", "datetime", 1), plan.Steps);
        Assert.Equal(12m, (await FindAsync(obj, a.Id)).Values["size"]);
        Assert.Equal(-3.25m, (await FindAsync(obj, b.Id)).Values["size"]);
        Assert.Equal("2026-03-01T00:00:00.0000000Z", (await FindAsync(obj, a.Id)).Values["day"]);
        // Once, though the plan ran twice.
        var history = Assert.Single(await database.Store.FieldHistoryAsync(a.Id, CancellationToken.None), h => h.Field == "size" && h.By != "rep1");
        Assert.Equal(("\"12\"", "12", "changed by config version 7"), (history.OldValue, history.NewValue, history.By));
        Assert.DoesNotContain((await PlanAsync(v1, v2)).Steps, s => s.Records > 0);
    }

    [Fact]
    public async Task TypeChange_ThatLosesData_IsUnsafe_NamingTheRecordsAndTheirCount()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """{ "name": "size", "type": "text" }, { "name": "seen", "type": "datetime" }, { "name": "score", "type": "number" }""");
        var v2 = SchemaPackages.Build(obj, """{ "name": "size", "type": "number" }, { "name": "seen", "type": "date" }, { "name": "score", "type": "date" }""");
        await AddAsync(obj, "ok", new Dictionary<string, object?> { ["size"] = "12", ["seen"] = "2026-03-01T00:00:00.0000000Z" });
        var bad = await AddAsync(obj, "bad", new Dictionary<string, object?> { ["size"] = "twelve", ["seen"] = "2026-03-01T09:30:00.0000000Z", ["score"] = 3m });

        var plan = await PlanAsync(v1, v2);

        Assert.Equal(["score", "seen", "size"], plan.Problems.Select(p => p.Field).Order());
        Assert.All(plan.Problems, p => Assert.Equal((SchemaStepKinds.Unsafe, bad.Id), (p.Code, Assert.Single(p.Examples))));
        Assert.DoesNotContain(plan.Steps, s => s.Kind == SchemaStepKinds.ConvertField && s.Field is "size" or "seen" or "score");
        await Assert.ThrowsAsync<SchemaMigrationException>(() => ApplyAsync(plan));
    }

    [Fact]
    public async Task RemovedStage_InUse_NeedsAMapping_ToAStageOfTheNewPipeline()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj);
        var v2 = SchemaPackages.Build(obj, stages: ["lead", "sql", "won"]);
        var inMql = await AddAsync(obj, "in mql", stage: "mql");

        var unmapped = await PlanAsync(v1, v2);
        var unknown = await PlanAsync(v1, v2, Mapping(stages: new() { ["mql"] = "nowhere" }));

        var problem = Assert.Single(unmapped.Problems);
        Assert.Equal((SchemaStepKinds.NeedsMapping, obj, "stage", "mql"), (problem.Code, problem.Object, problem.Field, problem.Value));
        Assert.Equal([inMql.Id], problem.Examples);
        Assert.Contains("nowhere", Assert.Single(unknown.Problems).Message);
        Assert.Equal(SchemaStepKinds.NeedsMapping, unknown.Problems[0].Code);
    }

    [Fact]
    public async Task MapStage_MovesTheRecords_WithAStageHistoryRow_AndTheBoardCountsFollow()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj);
        var v2 = SchemaPackages.Build(obj, stages: ["lead", "sql", "won"]);
        var moved = await AddAsync(obj, "in mql", stage: "mql", amount: 100m);
        // Saved through the engine, a record also holds its stage among its values.
        var keyed = await AddAsync(obj, "also in mql", new Dictionary<string, object?> { ["stage"] = "mql" }, stage: "mql", amount: 50m);
        await AddAsync(obj, "in sql", stage: "sql", amount: 1m);

        var plan = await PlanAsync(v1, v2, Mapping(stages: new() { ["mql"] = "sql" }));
        await ApplyAsync(plan, version: 12);
        await ApplyAsync(plan, version: 12);

        Assert.Empty(plan.Problems);
        Assert.Equal(new SchemaStep(SchemaStepKinds.MapStage, obj, "stage", "mql", "sql", 2), Assert.Single(plan.Steps));
        var stored = await FindAsync(obj, moved.Id);
        Assert.Equal("sql", stored.Stage);
        Assert.False(stored.Values.ContainsKey("stage"));
        Assert.Equal(("sql", "sql"), ((await FindAsync(obj, keyed.Id)).Stage, (await FindAsync(obj, keyed.Id)).Values["stage"] as string));
        var history = await database.Store.StageHistoryAsync(moved.Id, CancellationToken.None);
        Assert.Equal(2, history.Count);
        Assert.Equal(("mql", "sql", "moved by config version 12"), (history[1].From, history[1].To, history[1].By));
        Assert.Equal(100m, history[1].Amount);
        var board = await database.Store.BoardAsync(obj, ["lead", "mql", "sql"], null, null, 0, CancellationToken.None);
        Assert.Equal([(0, 0m), (0, 0m), (3, 151m)], board.Select(c => (c.Count, c.Amount)));
    }

    [Fact]
    public async Task RemovedOption_InUse_NeedsAMapping_ThenIsRewrittenWithAFieldHistoryRow()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """
            { "name": "kind", "type": "picklist", "options": ["new", "old", "other"] },
            { "name": "tags", "type": "multipicklist", "options": ["a", "b", "c"] }
            """);
        var v2 = SchemaPackages.Build(obj, """
            { "name": "kind", "type": "picklist", "options": ["new", "other"] },
            { "name": "tags", "type": "multipicklist", "options": ["a", "c"] }
            """);
        var record = await AddAsync(obj, "r", new Dictionary<string, object?> { ["kind"] = "old", ["tags"] = new[] { "a", "b" } });
        var untouched = await AddAsync(obj, "u", new Dictionary<string, object?> { ["kind"] = "new", ["tags"] = new[] { "c" } });

        var unmapped = await PlanAsync(v1, v2);
        var wrong = await PlanAsync(v1, v2, Mapping(options: new() { ["kind"] = new Dictionary<string, string> { ["old"] = "b" } }));
        var mapping = Mapping(options: new()
        {
            ["kind"] = new Dictionary<string, string> { ["old"] = "new" },
            ["tags"] = new Dictionary<string, string> { ["b"] = "a" },
        });
        var plan = await PlanAsync(v1, v2, mapping);
        await ApplyAsync(plan);
        await ApplyAsync(plan);

        Assert.Equal([("kind", "old"), ("tags", "b")], unmapped.Problems.Select(p => (p.Field, p.Value)).Order());
        Assert.All(unmapped.Problems, p => Assert.Equal((SchemaStepKinds.NeedsMapping, record.Id), (p.Code, Assert.Single(p.Examples))));
        Assert.Contains(wrong.Problems, p => p.Field == "kind" && p.Message.Contains("'b'"));
        Assert.Empty(plan.Problems);
        Assert.Contains(new SchemaStep(SchemaStepKinds.MapOption, obj, "kind", "old", "new", 1), plan.Steps);
        Assert.Contains(new SchemaStep(SchemaStepKinds.MapOption, obj, "tags", "b", "a", 1), plan.Steps);
        var stored = await FindAsync(obj, record.Id);
        Assert.Equal("new", stored.Values["kind"]);
        Assert.Equal(new[] { "a" }, (string[])stored.Values["tags"]!);
        var history = (await database.Store.FieldHistoryAsync(record.Id, CancellationToken.None)).Where(h => h.By == "changed by config version 7").ToList();
        Assert.Equal([("kind", "\"old\"", "\"new\""), ("tags", "[\"a\",\"b\"]", "[\"a\"]")], history.Select(h => (h.Field, h.OldValue, h.NewValue)).Order());
        Assert.Equal(untouched.Values["kind"], (await FindAsync(obj, untouched.Id)).Values["kind"]);
    }

    [Fact]
    public async Task Migration_ThatFailsHalfWay_LeavesNothingOfItsEarlierSteps()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """{ "name": "size", "type": "text" }""");
        var v2 = SchemaPackages.Build(obj, """{ "name": "size", "type": "number" }""", stages: ["lead", "sql", "won"]);
        var moved = await AddAsync(obj, "in mql", new Dictionary<string, object?> { ["size"] = "1" }, stage: "mql");
        var plan = await PlanAsync(v1, v2, Mapping(stages: new() { ["mql"] = "sql" }));
        Assert.Equal([SchemaStepKinds.ConvertField, SchemaStepKinds.MapStage], plan.Steps.Select(s => s.Kind));
        // Stored after the plan was made: the conversion (run before the stage move here) finds it.
        var late = await AddAsync(obj, "late", new Dictionary<string, object?> { ["size"] = "not a number" });
        var reordered = plan with { Steps = [plan.Steps[1], plan.Steps[0]] };

        var failure = await Assert.ThrowsAsync<SchemaMigrationException>(() => ApplyAsync(reordered));

        Assert.Equal(SchemaStepKinds.Unsafe, failure.Code);
        Assert.Contains(late.Id.ToString(), failure.Message);
        var stored = await FindAsync(obj, moved.Id);
        Assert.Equal(("mql", "1"), (stored.Stage, stored.Values["size"] as string));
        Assert.Single(await database.Store.StageHistoryAsync(moved.Id, CancellationToken.None));
        var board = await database.Store.BoardAsync(obj, ["mql", "sql"], null, null, 0, CancellationToken.None);
        Assert.Equal([1, 0], board.Select(c => c.Count));
    }

    [Fact]
    public async Task Migration_RefusesAPlanWithProblemsOrAnInvalidName_BeforeWritingAnything()
    {
        var obj = SchemaPackages.NewObject();
        var problem = new SchemaPlan([], [new SchemaProblem(SchemaStepKinds.NeedsMapping, obj, null, "map it", [])]);
        var injected = new SchemaPlan([new SchemaStep(SchemaStepKinds.ConvertField, obj, "x'; DROP TABLE records; --", "text", "number", 1)], []);
        var unknown = new SchemaPlan([new SchemaStep("dropEverything", obj, "x", null, null, 1)], []);

        Assert.Equal(SchemaStepKinds.NeedsMapping, (await Assert.ThrowsAsync<SchemaMigrationException>(() => ApplyAsync(problem))).Code);
        Assert.Equal("CONFIG_INVALID_PLAN", (await Assert.ThrowsAsync<SchemaMigrationException>(() => ApplyAsync(injected))).Code);
        Assert.Equal("CONFIG_INVALID_PLAN", (await Assert.ThrowsAsync<SchemaMigrationException>(() => ApplyAsync(unknown))).Code);
        await using var db = database.CreateContext();
        Assert.Equal(0, await db.Records.CountAsync(r => r.Object == obj));
    }

    [Fact]
    public async Task Plan_ReadsOnly_NothingChangesUntilTheMigrationRuns()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """{ "name": "size", "type": "text" }""");
        var v2 = SchemaPackages.Build(obj, """{ "name": "size", "type": "number" }""", stages: ["lead", "sql", "won"]);
        var record = await AddAsync(obj, "r", new Dictionary<string, object?> { ["size"] = "5" }, stage: "mql");

        var plan = await PlanAsync(v1, v2, Mapping(stages: new() { ["mql"] = "sql" }));

        Assert.Equal(2, plan.Steps.Count);
        var stored = await FindAsync(obj, record.Id);
        Assert.Equal(("mql", "5", record.Version), (stored.Stage, stored.Values["size"] as string, stored.Version));
    }

    private static PublishMapping Mapping(Dictionary<string, string>? stages = null, Dictionary<string, IReadOnlyDictionary<string, string>>? options = null) =>
        new(stages ?? [], options ?? []);
}
