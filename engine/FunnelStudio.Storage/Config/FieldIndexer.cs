using FunnelStudio.Metadata;
using FunnelStudio.Rules;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config;

/// <summary>
/// Creates one partial expression index per field marked <c>indexed</c> (per object) when a
/// version is published, and for objects with a pipeline a second one on (stage, field, id) that
/// also carries the owner, so a list filtered by stage, sorted by the field and limited to the
/// user's records finds its page in the index alone. The index expressions are the ones the list
/// query sorts by, so they serve it. Every other lookup gets one on its value (see
/// <see cref="LookupIndexes"/>). The stage and owner fields get none: their system columns are
/// indexed already (<see cref="SystemColumns"/>). Field indexes the package no longer asks for are
/// dropped (PostgreSQL: <c>DROP INDEX CONCURRENTLY</c>); a rollback builds them again.
/// </summary>
public sealed partial class FieldIndexer(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options) : IFieldIndexer
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task EnsureIndexesAsync(CompiledPackage package, CancellationToken cancellationToken)
    {
        var statements = Plan(package).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (_dialect.Provider == StorageProvider.Postgres) await DropInvalidAsync(db, statements.Select(s => s.Name), cancellationToken);
        // No transaction: PostgreSQL builds the indexes CONCURRENTLY, so saves go on meanwhile.
        foreach (var (_, ddl) in statements)
            await db.Database.ExecuteSqlRawAsync(ddl, cancellationToken);
        await DropUnwantedAsync(db, statements.Select(s => s.Name).ToHashSet(StringComparer.Ordinal), cancellationToken);
    }

    /// <summary>
    /// Drops the field indexes of fields the package no longer indexes (removed, renamed, no longer
    /// <c>indexed</c>, or of another type: the kind is part of the name): each one costs every save
    /// of its object. A version that wants one back builds it again. The system indexes
    /// (<c>ix_records__…</c>) never match <see cref="FieldIndexPattern"/>.
    /// </summary>
    private async Task DropUnwantedAsync(FunnelStudioDbContext db, IReadOnlySet<string> wanted, CancellationToken cancellationToken)
    {
        var existing = new List<string>();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using (var list = db.Database.GetDbConnection().CreateCommand())
            {
                list.CommandText = _dialect.RecordIndexNames;
                await using var reader = await list.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) existing.Add(reader.GetString(0));
            }
            var command = _dialect.Provider == StorageProvider.Postgres ? "DROP INDEX CONCURRENTLY IF EXISTS" : "DROP INDEX IF EXISTS";
            foreach (var name in existing.Where(n => FieldIndexPattern().IsMatch(n) && !wanted.Contains(n)))
            {
                var drop = command + " \"" + name + "\""; // a name of the pattern only
                await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The names <see cref="SqlNames.FieldIndexName"/> makes: an object's name right after the prefix, an 8-digit hash at the end.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^ix_records_[a-z][a-z0-9_]*_[0-9a-f]{8}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex FieldIndexPattern();

    /// <summary>The name and DDL of every field index the package asks for; names checked before they reach DDL.</summary>
    internal IEnumerable<(string Name, string Ddl)> Plan(CompiledPackage package)
    {
        foreach (var obj in package.Objects.Values.OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            var objectName = SqlNames.Require(obj.Name, "object");
            foreach (var field in obj.Definition.Fields.Where(f => f.Indexed && SystemColumns.Mirroring(obj.Definition, f.Name) is null))
            {
                var fieldName = SqlNames.Require(field.Name, "field");
                var numeric = FieldTypes.IsNumeric(field.ValueType);
                var kind = numeric ? "number" : "text";
                var name = SqlNames.FieldIndexName(objectName, fieldName, kind);
                yield return (name, _dialect.FieldIndex(name, objectName, fieldName, numeric));
                if (obj.Pipeline is null) continue;
                // A list filtered by stage and sorted by this field reads its page from this one.
                var staged = SqlNames.FieldIndexName(objectName, fieldName, "stage_" + kind);
                yield return (staged, _dialect.StageFieldIndex(staged, objectName, fieldName, numeric));
            }
            foreach (var index in LookupIndexes(obj, objectName)) yield return index;
        }
    }

    /// <summary>
    /// Every lookup not marked <c>indexed</c> (an indexed one's field index serves already) gets a
    /// partial index over the records that have a value: a delete finds what points to a record by it.
    /// </summary>
    private IEnumerable<(string Name, string Ddl)> LookupIndexes(CompiledObject obj, string objectName) =>
        obj.Definition.Fields.Where(f => f.Type == FieldType.Lookup && !f.Indexed).Select(field =>
        {
            var fieldName = SqlNames.Require(field.Name, "field");
            var name = SqlNames.FieldIndexName(objectName, fieldName, "ref");
            return (name, _dialect.LookupIndex(name, objectName, fieldName));
        });

    /// <summary>A CONCURRENTLY build that failed leaves an invalid index that IF NOT EXISTS would keep forever.</summary>
    private static async Task DropInvalidAsync(FunnelStudioDbContext db, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.ToArray();
        var invalid = await db.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid " +
            "WHERE NOT i.indisvalid AND c.relname = ANY({0})", [wanted]).ToListAsync(cancellationToken);
        foreach (var name in invalid.Where(SqlNames.IsValid))
        {
            var drop = "DROP INDEX CONCURRENTLY IF EXISTS \"" + name + "\""; // a checked name, see SqlNames
            await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        }
    }
}
