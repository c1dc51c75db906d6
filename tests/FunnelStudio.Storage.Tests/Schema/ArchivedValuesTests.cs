using System.Text.Json;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using FunnelStudio.Versions;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Schema;

public sealed class SqliteArchivedValuesTests(SqliteDatabase database) : ArchivedValuesTests<SqliteDatabase>(database);

public sealed class PostgresArchivedValuesTests(PostgresDatabase database) : ArchivedValuesTests<PostgresDatabase>(database);

/// <summary>
/// An archived field through the engine: its value is in no read (record, list, history) while
/// the package lacks the field, survives saves of the record, and is back when the field is.
/// </summary>
public abstract class ArchivedValuesTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task ArchivedValue_IsHiddenFromReads_KeptBySaves_AndBackWithTheField()
    {
        var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(database.Configuration).AddFunnelStudioEngine().BuildServiceProvider();
        await using var _ = services;
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var obj = SchemaPackages.NewObject();
        var withNotes = SchemaPackages.Files(obj, """{ "name": "notes", "type": "text" }""");
        var withoutNotes = SchemaPackages.Files(obj);
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(withNotes, "v1"), "admin", CancellationToken.None)).Succeeded);
        var created = (await SaveAsync(services, obj, SaveOperation.Create, new { name = "Acme", notes = "first call" })).Record!;
        Assert.True((await SaveAsync(services, obj, SaveOperation.Update, new { notes = "call back" }, created.Id)).Succeeded);
        Assert.Contains(await services.GetRequiredService<IRecordService>().FieldHistoryAsync(obj, created.Id, ActingUser.System, CancellationToken.None),
            h => h.Field == "notes");
        var v1 = runtime.Current;

        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(withoutNotes, "v2"), "admin", CancellationToken.None)).Succeeded);
        var plan = await services.GetRequiredService<ISchemaPlanner>().PlanAsync(v1, runtime.Current, PublishMapping.None, CancellationToken.None);
        await services.GetRequiredService<ISchemaMigration>().ApplyAsync(plan, runtime.VersionId, "admin", CancellationToken.None);
        var saved = await SaveAsync(services, obj, SaveOperation.Update, new { name = "Acme Ltd" }, created.Id);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Violations.Select(v => v.Message.ToString())));

        var records = services.GetRequiredService<IRecordService>();
        var read = (await records.GetAsync(obj, created.Id, ActingUser.System, CancellationToken.None)).Record!;
        Assert.Equal("Acme Ltd", read.Values["name"]);
        Assert.False(read.Values.ContainsKey("notes"));
        Assert.False(saved.Record!.Values.ContainsKey("notes"));
        var page = await records.QueryAsync(new RecordQuery(obj), ActingUser.System, CancellationToken.None);
        Assert.All(page.Items, r => Assert.False(r.Values.ContainsKey("notes")));
        Assert.DoesNotContain(await records.FieldHistoryAsync(obj, created.Id, ActingUser.System, CancellationToken.None), h => h.Field == "notes");
        Assert.Equal("call back", (await database.Store.FindAsync(obj, created.Id, CancellationToken.None))!.Values["notes"]);

        var v2 = runtime.Current;
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(withNotes, "v3"), "admin", CancellationToken.None)).Succeeded);
        var back = await services.GetRequiredService<ISchemaPlanner>().PlanAsync(v2, runtime.Current, PublishMapping.None, CancellationToken.None);

        Assert.Contains(back.Steps, s => s.Kind == "restoreField" && s.Field == "notes" && s.Records == 1);
        var again = (await records.GetAsync(obj, created.Id, ActingUser.System, CancellationToken.None)).Record!;
        Assert.Equal("call back", again.Values["notes"]);
        Assert.Contains(await records.FieldHistoryAsync(obj, created.Id, ActingUser.System, CancellationToken.None), h => h.Field == "notes");
    }

    private static async Task<SaveResult> SaveAsync(IServiceProvider services, string obj, SaveOperation operation, object values, Guid? id = null)
    {
        await using var scope = services.CreateAsyncScope();
        var records = scope.ServiceProvider.GetRequiredService<IRecordService>();
        long? version = id is { } existing ? (await records.GetAsync(obj, existing, ActingUser.System, CancellationToken.None)).Record!.Version : null;
        return await records.SaveAsync(new SaveCommand(obj, operation, ActingUser.System)
        {
            RecordId = id, ExpectedVersion = version, JsonValues = JsonSerializer.SerializeToElement(values),
        }, CancellationToken.None);
    }
}
