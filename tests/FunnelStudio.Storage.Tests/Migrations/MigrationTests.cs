using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Tests.Migrations;

public sealed class SqliteMigrationTests(SqliteDatabase database) : MigrationTests<SqliteDatabase>(database);

public sealed class PostgresMigrationTests(PostgresDatabase database) : MigrationTests<PostgresDatabase>(database);

/// <summary>An empty database is created and migrated on start, with every table and index.</summary>
public abstract class MigrationTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task Migrate_FromEmpty_CreatesEveryTableAndLeavesNothingPending()
    {
        var tables = await database.TextColumnAsync(database.Provider == StorageProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");

        Assert.All(new[] { "records", "field_history", "stage_history", "config_versions", "counters", "outbox", "AspNetUsers", "AspNetRoles",
            "AspNetUserRoles", "__EFMigrationsHistory" }, table => Assert.Contains(table, tables));
        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_Again_ChangesNothing()
    {
        await database.Services.MigrateFunnelStudioAsync();

        await using var db = database.CreateContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task Migrate_CreatesTheRecordIndexes()
    {
        var names = await database.TextColumnAsync(database.Dialect.RecordIndexNames);

        Assert.All(new[] { "ix_records__object_deleted_stage_updated", "ix_records__object_owner", "ix_records__object_updated", "ix_records__title" },
            name => Assert.Contains(name, names));
    }

    [Fact]
    public async Task Migrate_UsesTheProvidersJsonType()
    {
        var type = await database.TextColumnAsync(database.Provider == StorageProvider.Sqlite
            ? "SELECT type FROM pragma_table_info('records') WHERE name = 'values'"
            : "SELECT data_type FROM information_schema.columns WHERE table_name = 'records' AND column_name = 'values'");

        Assert.Equal(database.Provider == StorageProvider.Sqlite ? "TEXT" : "jsonb", Assert.Single(type));
        if (database.Provider == StorageProvider.Sqlite)
            Assert.Equal("wal", Assert.Single(await database.TextColumnAsync("PRAGMA journal_mode")));
    }
}
