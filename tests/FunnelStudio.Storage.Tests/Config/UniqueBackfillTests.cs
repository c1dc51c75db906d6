using FunnelStudio.TestSupport;
using System.Text.Json;
using FunnelStudio.Loading;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FunnelStudio.Storage.Tests.Config;

public sealed class SqliteUniqueBackfillTests(SqliteDatabase database) : UniqueBackfillTests<SqliteDatabase>(database);

public sealed class PostgresUniqueBackfillTests(PostgresDatabase database) : UniqueBackfillTests<PostgresDatabase>(database);

/// <summary>
/// Publishing a package that makes a field unique starts enforcing it for the records there are:
/// refused (FS1301, naming them) while they hold duplicates, keys backfilled once they do not, and
/// dropped again by a version where the field is no longer unique.
/// </summary>
public abstract class UniqueBackfillTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Publish_ThatMakesAFieldUnique_IsRefusedWhileDataHoldsDuplicates_ThenBackfillsItsKeys()
    {
        // The engine on the fixture's database, its record store reading with the published package.
        var services = new ServiceCollection().AddLogging().AddFunnelStudioStorage(database.Configuration).AddFunnelStudioEngine().BuildServiceProvider();
        await using var _ = services;
        var runtime = services.GetRequiredService<IPackageRuntime>();
        var unique = PackageFiles.ReadAll(PackageSources.Folder(RepositoryPaths.SamplePackage("b2b-saas")));
        var notUnique = new Dictionary<string, string>(unique) { ["objects/contact.json"] = unique["objects/contact.json"].Replace("\"unique\": true,", "") };
        Assert.NotEqual(unique["objects/contact.json"], notUnique["objects/contact.json"]);
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(notUnique, "not unique"), "admin", CancellationToken.None)).Succeeded);

        async Task<SaveResult> SaveAsync(SaveOperation operation, object values, StoredRecord? record = null)
        {
            await using var scope = services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IRecordService>().SaveAsync(new SaveCommand("contact", operation, ActingUser.System)
            {
                RecordId = record?.Id, ExpectedVersion = record?.Version, JsonValues = JsonSerializer.SerializeToElement(values),
            }, CancellationToken.None);
        }
        var first = (await SaveAsync(SaveOperation.Create, new { last_name = "张", first_name = "伟", email = "same@example.cn" })).Record!;
        var second = (await SaveAsync(SaveOperation.Create, new { last_name = "王", first_name = "芳", email = " SAME@example.cn" })).Record!;
        var third = (await SaveAsync(SaveOperation.Create, new { last_name = "李", first_name = "娜", email = "other@example.cn" })).Record!;
        var before = runtime.VersionId;

        var refused = await runtime.PublishAsync(new MemoryPackageSource(unique, "unique"), "admin", CancellationToken.None);

        Assert.False(refused.Succeeded);
        var duplicate = Assert.Single(refused.Errors);
        Assert.Equal(("FS1301", "objects/contact.json"), (duplicate.Code, duplicate.File));
        Assert.Contains("'same@example.cn'", duplicate.Message);
        Assert.Contains(first.Id.ToString(), duplicate.Message);
        Assert.Contains(second.Id.ToString(), duplicate.Message);
        Assert.DoesNotContain(third.Id.ToString(), duplicate.Message);
        Assert.Equal(before, runtime.VersionId);
        Assert.Empty(await KeysAsync());

        Assert.True((await SaveAsync(SaveOperation.Update, new { email = "second@example.cn" }, second)).Succeeded);
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(unique, "unique"), "admin", CancellationToken.None)).Succeeded);

        Assert.Equal(["other@example.cn", "same@example.cn", "second@example.cn"], await KeysAsync());
        var taken = await SaveAsync(SaveOperation.Create, new { last_name = "赵", first_name = "六", email = "Other@Example.cn" });
        Assert.Equal("FIELD_UNIQUE", Assert.Single(taken.Violations).Code);
        Assert.Equal(third.Id, taken.Violations[0].ExistingRecordId);

        // A version where the field is not unique drops its keys: nothing holds the values any more.
        Assert.True((await runtime.PublishAsync(new MemoryPackageSource(notUnique, "not unique again"), "admin", CancellationToken.None)).Succeeded);
        Assert.Empty(await KeysAsync());
    }

    private async Task<List<string>> KeysAsync()
    {
        await using var db = database.CreateContext();
        return await db.RecordKeys.Where(k => k.Object == "contact" && k.Field == "email").OrderBy(k => k.Key).Select(k => k.Key).ToListAsync();
    }
}
