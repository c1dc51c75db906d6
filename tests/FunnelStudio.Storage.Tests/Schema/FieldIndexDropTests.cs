using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Schema;

public sealed class SqliteFieldIndexDropTests(SqliteDatabase database) : FieldIndexDropTests<SqliteDatabase>(database);

public sealed class PostgresFieldIndexDropTests(PostgresDatabase database) : FieldIndexDropTests<PostgresDatabase>(database);

/// <summary>A published version drops the field indexes it no longer wants and builds the new ones.</summary>
public abstract class FieldIndexDropTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    [Fact]
    public async Task EnsureIndexes_DropsTheIndexesOfFieldsNoLongerIndexed_AndBuildsTheNewOnes()
    {
        var obj = SchemaPackages.NewObject();
        var v1 = SchemaPackages.Build(obj, """{ "name": "size", "type": "text", "indexed": true }""");
        var v2 = SchemaPackages.Build(obj, """{ "name": "size", "type": "number", "indexed": true }, { "name": "code", "type": "text", "indexed": true }""");
        var textIndex = SqlNames.FieldIndexName(obj, "size", "text");

        await database.Indexer.EnsureIndexesAsync(v1, CancellationToken.None);
        Assert.Contains(textIndex, await IndexNamesAsync());
        await database.Indexer.EnsureIndexesAsync(v2, CancellationToken.None);

        var names = await IndexNamesAsync();
        Assert.DoesNotContain(textIndex, names);
        Assert.DoesNotContain(SqlNames.FieldIndexName(obj, "size", "stage_text"), names);
        Assert.Contains(SqlNames.FieldIndexName(obj, "size", "number"), names);
        Assert.Contains(SqlNames.FieldIndexName(obj, "code", "text"), names);
        // The system indexes are never the indexer's to drop.
        Assert.Contains("ix_records__object_deleted_stage_updated", names);
    }

    private Task<List<string>> IndexNamesAsync() => database.TextColumnAsync(database.Dialect.RecordIndexNames);
}

/// <summary>Only a CONCURRENTLY build (PostgreSQL) leaves an invalid index behind when it fails.</summary>
public sealed class PostgresInvalidFieldIndexTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task EnsureIndexes_RebuildsAnInvalidLeftoverOfAFailedBuild()
    {
        var obj = SchemaPackages.NewObject();
        var package = SchemaPackages.Build(obj, """{ "name": "size", "type": "text", "indexed": true }""");
        var name = SqlNames.FieldIndexName(obj, "size", "text");
        await database.TextColumnAsync($"CREATE INDEX \"{name}\" ON records ((\"values\" ->> 'size')) WHERE object = '{obj}'; " +
            $"UPDATE pg_index SET indisvalid = false WHERE indexrelid = '\"{name}\"'::regclass; SELECT 1");

        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);

        var valid = await database.TextColumnAsync($"SELECT i.indisvalid::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '{name}'");
        Assert.Equal("true", Assert.Single(valid));
    }
}
