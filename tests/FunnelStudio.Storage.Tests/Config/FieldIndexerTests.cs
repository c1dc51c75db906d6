using FunnelStudio.TestSupport;
using FunnelStudio.Loading;
using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Storage.Tests.Fixtures;

namespace FunnelStudio.Storage.Tests.Config;

public sealed class SqliteFieldIndexerTests(SqliteDatabase database) : FieldIndexerTests<SqliteDatabase>(database);

public sealed class PostgresFieldIndexerTests(PostgresDatabase database) : FieldIndexerTests<PostgresDatabase>(database);

/// <summary>Fields marked indexed get partial expression indexes that the list's sort can use.</summary>
public abstract class FieldIndexerTests<TDatabase>(TDatabase database) : IClassFixture<TDatabase> where TDatabase : StorageDatabase
{
    private static CompiledPackage SamplePackage()
    {
        var result = PackageLoader.Load(RepositoryPaths.SamplePackage("b2b-saas"));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Package!;
    }

    /// <summary>Indexed fields, and every other lookup (a delete finds what points to a record by it).</summary>
    private static IEnumerable<string> ExpectedNames(CompiledPackage package) =>
        package.Objects.Values.SelectMany(o => o.Definition.Fields.Where(f => f.Indexed && SystemColumns.Mirroring(o.Definition, f.Name) is null)
            .SelectMany(f => new[] { "", "stage_" }.Take(o.Pipeline is null ? 1 : 2)
                .Select(prefix => SqlNames.FieldIndexName(o.Name, f.Name, prefix + (FieldTypes.IsNumeric(f.ValueType) ? "number" : "text"))))
            .Concat(o.Definition.Fields.Where(f => f.Type == FieldType.Lookup && !f.Indexed).Select(f => SqlNames.FieldIndexName(o.Name, f.Name, "ref"))));

    [Fact]
    public async Task EnsureIndexes_CreatesOneIndexPerIndexedFieldAndIsRepeatable()
    {
        var package = SamplePackage();
        var expected = ExpectedNames(package).ToList();
        Assert.Contains(SqlNames.FieldIndexName("deal", "amount", "number"), expected);

        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);
        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);

        var names = await database.TextColumnAsync(database.Dialect.RecordIndexNames);
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.Equal(expected.Count, names.Count(n => n.StartsWith("ix_records_", StringComparison.Ordinal) && !n.StartsWith("ix_records__", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EnsureIndexes_BuildsThePartialIndexOnTheSortExpression()
    {
        var package = SamplePackage();
        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);
        var index = SqlNames.FieldIndexName("deal", "amount", "number");
        var sortKey = database.Dialect.JsonSortKey("r", "amount", numeric: true);

        var plan = database.Provider == StorageProvider.Sqlite
            ? await database.TextColumnAsync(
                // INDEXED BY fails ("no query solution") unless the index can serve this query.
                $"EXPLAIN QUERY PLAN SELECT r.id FROM records r INDEXED BY \"{index}\" WHERE r.object = 'deal' AND r.deleted = FALSE ORDER BY {sortKey} LIMIT 10")
            : await database.TextColumnAsync(
                $"SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN SELECT r.id FROM records r WHERE r.object = 'deal' AND r.deleted = FALSE ORDER BY {sortKey} LIMIT 10");

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal) || line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EnsureIndexes_BuildsTheStageIndexThatServesAStageFilteredSortedPage()
    {
        var package = SamplePackage();
        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);
        var index = SqlNames.FieldIndexName("deal", "amount", "stage_number");
        var sortKey = database.Dialect.JsonSortKey("r", "amount", numeric: true);
        var page = $"SELECT r.id FROM records r {{0}} WHERE r.object = 'deal' AND r.deleted = FALSE AND r.owner_id IN ('a', 'b') " +
                   $"AND r.stage = 'sql' ORDER BY {sortKey} DESC NULLS FIRST, r.id DESC LIMIT 50 OFFSET 100";

        var plan = database.Provider == StorageProvider.Sqlite
            ? await database.TextColumnAsync("EXPLAIN QUERY PLAN " + string.Format(page, $"INDEXED BY \"{index}\""))
            : await database.TextColumnAsync("SET enable_seqscan = off; SET enable_bitmapscan = off; EXPLAIN " + string.Format(page, ""));

        Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        Assert.DoesNotContain(plan, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal) || line.Contains("Sort", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_LeavesOutTheStageAndOwnerFields_TheirSystemColumnsAreIndexed()
    {
        var indexer = (FunnelStudio.Storage.Config.FieldIndexer)database.Indexer;
        var deal = SamplePackage().Object("deal")!.Definition;
        Assert.True(deal.Field("stage")!.Indexed && deal.Field("owner")!.Indexed, "the sample marks both indexed");

        var names = indexer.Plan(SamplePackage()).Select(s => s.Name).ToList();

        Assert.Contains(SqlNames.FieldIndexName("deal", "amount", "stage_number"), names);
        foreach (var field in new[] { "stage", "owner" })
            foreach (var kind in new[] { "text", "stage_text" })
                Assert.DoesNotContain(SqlNames.FieldIndexName("deal", field, kind), names);
    }

    [Fact]
    public async Task EnsureIndexes_IndexesALookupThatIsNotMarkedIndexed_OverTheRecordsThatHaveAValue()
    {
        var package = SamplePackage();
        Assert.False(package.Object("deal")!.Definition.Field("contact")!.Indexed, "the sample does not mark deal.contact indexed");
        await database.Indexer.EnsureIndexesAsync(package, CancellationToken.None);
        var index = SqlNames.FieldIndexName("deal", "contact", "ref");

        if (database.Provider == StorageProvider.Sqlite)
        {
            // The pointing query's shape (ReferenceSql); INDEXED BY fails ("no query solution") unless the index can serve it.
            var value = database.Dialect.JsonSortKey("r", "contact", numeric: false);
            var plan = await database.TextColumnAsync($"EXPLAIN QUERY PLAN SELECT r.id FROM records r INDEXED BY \"{index}\" " +
                $"WHERE r.object = 'deal' AND r.deleted = FALSE AND {value} IS NOT NULL AND {value} IN ('a', 'b')");
            Assert.Contains(plan, line => line.Contains(index, StringComparison.Ordinal));
        }
        else
        {
            // On an empty table every partial index of deal costs the planner the same; the definition must match the query.
            var definition = Assert.Single(await database.TextColumnAsync($"SELECT indexdef FROM pg_indexes WHERE indexname = '{index}'"));
            Assert.Contains("((\"values\" ->> 'contact'::text))", definition);
            Assert.Contains("WHERE (((object)::text = 'deal'::text) AND ((\"values\" ->> 'contact'::text) IS NOT NULL))", definition);
        }
        Assert.DoesNotContain(SqlNames.FieldIndexName("deal", "contact", "text"),
            ((FunnelStudio.Storage.Config.FieldIndexer)database.Indexer).Plan(package).Select(s => s.Name));
    }

    [Fact]
    public void Plan_PutsOnlyCheckedNamesIntoTheDdl()
    {
        var indexer = (FunnelStudio.Storage.Config.FieldIndexer)database.Indexer;

        var statements = indexer.Plan(SamplePackage()).ToList();

        Assert.NotEmpty(statements);
        Assert.All(statements, s => Assert.Matches("^ix_records_[a-z0-9_]+_[0-9a-f]{8}$", s.Name));
        Assert.All(statements, s => Assert.True(s.Name.Length <= 63));
        Assert.All(statements, s => Assert.Contains("WHERE object = '", s.Ddl));
    }
}
