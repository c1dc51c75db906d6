using FunnelStudio.TestSupport;
using FunnelStudio.Loading;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Config;

public sealed class SqliteConfigVersionTests(SqliteDatabase database) : ConfigVersionTests<SqliteDatabase>(database);

public sealed class PostgresConfigVersionTests(PostgresDatabase database) : ConfigVersionTests<PostgresDatabase>(database);

/// <summary>Config versions are rows: publishing stores every file and moves the one "published" mark.</summary>
public abstract class ConfigVersionTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Publish_StoresEveryFileAndRetiresThePreviousVersion()
    {
        Assert.Null(await database.ConfigVersions.PublishedAsync(CancellationToken.None));
        var files = PackageFiles.ReadAll(new FolderPackageSource(RepositoryPaths.SamplePackage("b2b-saas")));

        var first = await database.ConfigVersions.PublishAsync("b2b-saas", "1.0.0", files, "admin", CancellationToken.None);
        var changed = new Dictionary<string, string>(files) { ["objects/deal.json"] = files["objects/deal.json"].Replace("Deal", "Opportunity") };
        var second = await database.ConfigVersions.PublishAsync("b2b-saas", "1.1.0", changed, "admin", CancellationToken.None);

        var published = await database.ConfigVersions.PublishedAsync(CancellationToken.None);
        Assert.NotNull(published);
        Assert.Equal(second.Id, published.Id);
        Assert.True(second.Id > first.Id);
        Assert.Equal("1.1.0", published.PackageVersion);
        Assert.Equal("admin", published.PublishedBy);
        Assert.Equal(DateTimeKind.Utc, published.PublishedAt.Kind);
        Assert.Equal(changed.OrderBy(f => f.Key), published.Files.OrderBy(f => f.Key));
        var all = await database.ConfigVersions.ListAsync(CancellationToken.None);
        Assert.Equal(new[] { second.Id, first.Id }, all.Select(v => v.Id));
        Assert.Equal(files.OrderBy(f => f.Key), all[1].Files.OrderBy(f => f.Key));
        await using var db = database.CreateContext();
        Assert.Equal(1, await db.ConfigVersions.CountAsync(v => v.IsPublished));

        // The stored files load back into the same package.
        var reloaded = PackageLoader.Load(new MemoryPackageSource(all[1].Files, "version 1"));
        Assert.True(reloaded.Succeeded, string.Join("; ", reloaded.Errors));
    }
}
