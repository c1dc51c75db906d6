using FunnelStudio.Saving;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace FunnelStudio.Storage.Tests.Migrations;

public sealed class SqliteConfigVersionMigrationTests(SqliteDatabase database) : ConfigVersionMigrationTests<SqliteDatabase>(database);

public sealed class PostgresConfigVersionMigrationTests(PostgresDatabase database) : ConfigVersionMigrationTests<PostgresDatabase>(database);

/// <summary>Versions stored before drafts existed keep their files: the marked one is published, the others retired.</summary>
public abstract class ConfigVersionMigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Migrate_VersionsStoredBeforeDrafts_BecomePublishedAndRetired_WithTheirCreator()
    {
        await using (var db = database.CreateContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("RecordKeysWithoutForeignKey");
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO config_versions (package_name, package_version, files, published_at, published_by, is_published) VALUES " +
                "('p', '1.0.0', '{{\"package.json\":\"one\"}}', '2026-01-01 10:00:00', 'first-admin', FALSE), " +
                "('p', '1.1.0', '{{\"package.json\":\"two\"}}', '2026-02-01 10:00:00', 'second-admin', TRUE)");
            await db.Database.MigrateAsync();
        }

        var versions = await database.ConfigVersions.ListAsync(CancellationToken.None);

        Assert.Equal(new[] { ("1.1.0", ConfigVersionStatus.Published, "second-admin"), ("1.0.0", ConfigVersionStatus.Retired, "first-admin") },
            versions.Select(v => (v.PackageVersion, v.Status, v.CreatedBy!)));
        Assert.All(versions, v => Assert.Equal(v.PublishedAt, v.CreatedAt));
        Assert.Equal(new DateTime(2026, 2, 1), versions[0].CreatedAt.Date);
        var published = (await database.ConfigVersions.PublishedAsync(CancellationToken.None))!;
        Assert.Equal("two", published.Files["package.json"]);
    }
}
