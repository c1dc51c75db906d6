using System.Data.Common;
using System.Runtime.CompilerServices;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using FunnelStudio.Versions.Backtest;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Backtest;

/// <summary>
/// <see cref="IBacktestSource"/> over the database, on both providers: the live records of the
/// objects in id order, a batch at a time (keyset, <see cref="BatchSize"/> records), and for each
/// batch its stage and field history in two range queries over the history tables' (record_id, at)
/// indexes — three queries per batch whatever the number of moves, one connection, memory bounded by
/// a batch. History of records outside the batch's objects that falls in the id range is read and
/// dropped (cheaper than naming thousands of ids).
/// </summary>
public sealed class EfBacktestSource(IDbContextFactory<FunnelStudioDbContext> contexts) : IBacktestSource
{
    /// <summary>Records per batch: large enough that round trips do not count, small enough to bound memory.</summary>
    public int BatchSize { get; init; } = 2000;

    public async IAsyncEnumerable<HistoricalRecord> ReadAsync(IReadOnlyList<ObjectDefinition> objects,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (objects.Count == 0) yield break;
        var definitions = objects.ToDictionary(o => o.Name, StringComparer.Ordinal);
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        Guid? after = null;
        while (true)
        {
            var batch = await BacktestReads.RecordsAsync(session, definitions, after, BatchSize, cancellationToken);
            if (batch.Count == 0) yield break;
            var (first, last) = (batch[0].Id, batch[^1].Id);
            var byId = batch.ToDictionary(r => r.Id);
            await BacktestReads.MovesAsync(session, byId, first, last, cancellationToken);
            await BacktestReads.ChangesAsync(session, byId, first, last, cancellationToken);
            foreach (var record in batch) yield return record.ToHistorical();
            if (batch.Count < BatchSize) yield break;
            after = last;
        }
    }
}

/// <summary>The three reads of one batch; see <see cref="EfBacktestSource"/>.</summary>
internal static class BacktestReads
{
    public static async Task<List<RecordUnderReplay>> RecordsAsync(StoreSession session, IReadOnlyDictionary<string, ObjectDefinition> objects,
        Guid? after, int limit, CancellationToken cancellationToken)
    {
        var sql = session.Command();
        sql.Append($"SELECT r.id, r.object, r.title, r.\"values\", r.created_at FROM records r WHERE r.object IN {sql.ParamList(objects.Keys)} AND r.deleted = FALSE");
        if (after is { } last) sql.Append($" AND r.id > {sql.Param(last)}");
        sql.Append($" ORDER BY r.id LIMIT {limit}");
        var records = new List<RecordUnderReplay>(limit);
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var definition = objects[reader.GetString(1)];
            records.Add(new RecordUnderReplay(reader.GetGuid(0), definition, Text(reader, 2),
                StoredValues.Read(reader.GetFieldValue<byte[]>(3), definition), Utc(reader.GetDateTime(4))));
        }
        return records;
    }

    public static async Task MovesAsync(StoreSession session, Dictionary<Guid, RecordUnderReplay> batch, Guid first, Guid last,
        CancellationToken cancellationToken)
    {
        var sql = session.Command();
        sql.Append($"SELECT h.record_id, h.from_stage, h.to_stage, h.at, h.\"by\" FROM stage_history h WHERE h.record_id >= {sql.Param(first)} " +
                   $"AND h.record_id <= {sql.Param(last)} ORDER BY h.record_id, h.at, h.id");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!batch.TryGetValue(reader.GetGuid(0), out var record)) continue;
            record.Moves.Add(new StageMove(Text(reader, 1), reader.GetString(2), Utc(reader.GetDateTime(3)), Text(reader, 4)));
        }
    }

    public static async Task ChangesAsync(StoreSession session, Dictionary<Guid, RecordUnderReplay> batch, Guid first, Guid last,
        CancellationToken cancellationToken)
    {
        var sql = session.Command();
        sql.Append($"SELECT h.record_id, h.field, h.old_value, h.new_value, h.at FROM field_history h WHERE h.record_id >= {sql.Param(first)} " +
                   $"AND h.record_id <= {sql.Param(last)} ORDER BY h.record_id, h.at, h.id");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!batch.TryGetValue(reader.GetGuid(0), out var record)) continue;
            var field = reader.GetString(1);
            var type = record.Definition.Field(field)?.ValueType;
            record.Changes.Add(new FieldChange(field, StoredValues.ReadOne(Text(reader, 2), type), StoredValues.ReadOne(Text(reader, 3), type),
                Utc(reader.GetDateTime(4))));
        }
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Utc(DateTime time) => StoredValues.ToUtc(time);
}

/// <summary>A record of the batch being read, its history filled in by the history reads.</summary>
internal sealed record RecordUnderReplay(Guid Id, ObjectDefinition Definition, string? Title, RecordValues Values, DateTime CreatedAt)
{
    public List<StageMove> Moves { get; } = [];
    public List<FieldChange> Changes { get; } = [];

    public HistoricalRecord ToHistorical() => new(Id, Definition.Name, Title, Values, CreatedAt, Changes, Moves)
    {
        StageField = Definition.Pipeline?.Field,
    };
}
