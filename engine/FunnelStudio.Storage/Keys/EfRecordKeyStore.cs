using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Uniqueness;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Keys;

/// <summary>
/// <see cref="IRecordKeyStore"/> on <c>record_keys</c>: who holds a key (the unique step's pre-check
/// and the message after a lost race), and the publish-time backfill. Object and field names only
/// after <see cref="SqlNames.Require"/>; keys and ids as parameters.
/// </summary>
public sealed class EfRecordKeyStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options,
    IObjectDefinitionSource definitions) : IRecordKeyStore
{
    private const int Chunk = 500;

    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task<IReadOnlyList<KeyHolder>> HoldersAsync(string obj, IReadOnlyCollection<UniqueKey> keys, CancellationToken cancellationToken)
    {
        var byField = keys.Where(k => k.Key is not null).GroupBy(k => k.Field, StringComparer.Ordinal).ToList();
        if (byField.Count == 0) return [];
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        // One arm per field, each an exact lookup on the primary key (object, field, key): an OR
        // across fields let PostgreSQL's generic plan scan the whole table, which grows with every record.
        var objectParam = sql.Param(obj);
        var arms = byField.Select(g =>
            "SELECT k.field, k.key, k.record_id, r.owner_id, r.title FROM record_keys k JOIN records r ON r.id = k.record_id " +
            $"WHERE k.object = {objectParam} AND k.field = {sql.Param(g.Key)} AND k.key IN {sql.ParamList(g.Select(k => k.Key!).Distinct())} " +
            "AND r.deleted = FALSE");
        sql.Append(string.Join("\nUNION ALL\n", arms));
        var holders = new List<KeyHolder>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            holders.Add(new KeyHolder(reader.GetString(0), reader.GetString(1), reader.GetGuid(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        return holders;
    }

    public async Task<IReadOnlyList<StoredRecord>> MissingKeysAsync(string obj, string field, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var objectName = SqlNames.Require(obj, "object");
        var value = _dialect.JsonSortKey("r", SqlNames.Require(field, "field"), numeric: false);
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        sql.Append($"SELECT {_dialect.RecordColumns("r")} FROM records r WHERE r.object = '{objectName}' AND r.deleted = FALSE ")
            .Append($"AND {value} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM record_keys k WHERE k.record_id = r.id AND k.field = {sql.Param(field)}) ");
        if (after is { } id) sql.Append($"AND r.id > {sql.Param(id)} ");
        sql.Append($"ORDER BY r.id LIMIT {Math.Clamp(limit, 1, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        sql.Command.CommandTimeout = 0;
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        return await RecordReader.ReadAllAsync(reader, definitions, cancellationToken);
    }

    public async Task<int> AddAsync(string obj, IReadOnlyList<RecordKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0) return 0;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var added = 0;
        foreach (var chunk in keys.Chunk(Chunk))
        {
            var sql = session.Command();
            var objectParam = sql.Param(obj);
            // Only for records still live, and a key someone took meanwhile stays theirs.
            foreach (var key in chunk)
                sql.Append("INSERT INTO record_keys (object, field, key, record_id) ")
                    .Append($"SELECT {objectParam}, {sql.Param(key.Field)}, {sql.Param(key.Key)}, r.id FROM records r ")
                    .Append($"WHERE r.id = {sql.Param(key.RecordId)} AND r.deleted = FALSE ON CONFLICT DO NOTHING;\n");
            added += await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        return added;
    }

    public async Task RetainAsync(IReadOnlyDictionary<string, IReadOnlySet<string>> uniqueFields, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var held = new List<(string Object, string Field)>();
        var list = session.Command();
        list.Append("SELECT DISTINCT object, field FROM record_keys");
        await using (var reader = await list.Build().ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken)) held.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (obj, field) in held.Where(h => !(uniqueFields.TryGetValue(h.Object, out var fields) && fields.Contains(h.Field))))
        {
            var sql = session.Command();
            sql.Append($"DELETE FROM record_keys WHERE object = {sql.Param(obj)} AND field = {sql.Param(field)}");
            sql.Command.CommandTimeout = 0;
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
