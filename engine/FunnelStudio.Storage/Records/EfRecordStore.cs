using System.Data.Common;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// <see cref="IRecordStore"/> on SQLite and PostgreSQL. The record paths are hand-written SQL
/// through the provider's <see cref="SqlDialect"/> (JSON access, expression-index-friendly sorts,
/// one round trip per save); values are always parameters, names only after validation.
/// Thread-safe: every call takes its own pooled context and connection.
/// </summary>
public sealed class EfRecordStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options,
    IObjectDefinitionSource definitions) : IRecordStore
{
    private const int MaxTitleLength = 1000;

    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    /// <summary>The record, also when it is soft-deleted (<see cref="StoredRecord.Deleted"/>); null when it does not exist.</summary>
    public async Task<StoredRecord?> FindAsync(string obj, Guid id, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        sql.Append($"SELECT {_dialect.RecordColumns("r")} FROM records r WHERE r.id = {sql.Param(id)} AND r.object = {sql.Param(obj)}");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RecordReader.Read(reader, definitions) : null;
    }

    public async Task<RecordPage> QueryAsync(RecordQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, RecordSql.MaxPageSize);
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        RecordSql.Page(_dialect, sql, query, page, pageSize);
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        var items = await RecordReader.ReadAllAsync(reader, definitions, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = (int)reader.GetInt64(0);
        return new RecordPage(items, total, page, pageSize);
    }

    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, IReadOnlyList<string> stages, string? amountField,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage, CancellationToken cancellationToken)
    {
        if (stages.Count == 0) return [];
        cardsPerStage = Math.Clamp(cardsPerStage, 0, RecordSql.MaxCardsPerStage);
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        RecordSql.Board(_dialect, sql, obj, stages, amountField, visibleOwners, owner, cardsPerStage);
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        var totals = new Dictionary<string, (int Count, decimal Amount)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            totals[reader.GetString(0)] = ((int)reader.GetInt64(1), reader.IsDBNull(2) ? 0m : Convert.ToDecimal(reader.GetValue(2)));
        var cards = cardsPerStage > 0 && await reader.NextResultAsync(cancellationToken)
            ? await RecordReader.ReadAllAsync(reader, definitions, cancellationToken)
            : [];
        return stages.Select(stage => new BoardColumn(stage,
            totals.GetValueOrDefault(stage).Count,
            totals.GetValueOrDefault(stage).Amount,
            cards.Where(c => c.Stage == stage).ToList())).ToList();
    }

    public async Task<StoredRecord> PersistAsync(PersistRequest request, CancellationToken cancellationToken)
    {
        var record = request.Record;
        SqlNames.Require(record.Object, "object");
        await using var session = await OpenAsync(cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        var sql = session.Command(transaction.GetDbTransaction());
        var definition = definitions.Find(record.Object);
        if (request.IsNew) RecordWrites.Insert(_dialect, sql, record, definition, MaxTitleLength);
        else RecordWrites.Update(_dialect, sql, record, definition, request.ExpectedVersion, MaxTitleLength);
        RecordWrites.FieldHistory(sql, request.FieldHistory);
        if (request.StageChange is { } move) RecordWrites.StageHistory(sql, move);

        // One round trip: the record's statement returns its new row version, the history rows follow.
        long? version = null;
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken)) version = reader.GetInt64(0);
            while (await reader.NextResultAsync(cancellationToken))
            {
                // Run every statement so that a failing history row surfaces here, before the commit.
            }
        }
        if (version is null)
        {
            // Leaving without a commit rolls back the history rows of the same batch.
            throw request.ExpectedVersion is null
                ? new InvalidOperationException($"Record {record.Id} of '{record.Object}' does not exist.")
                : new ConcurrencyConflictException($"Record {record.Id} of '{record.Object}' changed since version {request.ExpectedVersion}.");
        }
        await transaction.CommitAsync(cancellationToken);
        return record with
        {
            Version = version.Value,
            Title = RecordWrites.Truncate(record.Title, MaxTitleLength),
            CreatedAt = StoredValues.ToUtc(record.CreatedAt),
            UpdatedAt = StoredValues.ToUtc(record.UpdatedAt),
            StageEnteredAt = record.StageEnteredAt is { } entered ? StoredValues.ToUtc(entered) : null,
        };
    }

    public async Task<long> NextNumberAsync(string obj, string field, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        // Atomic on both providers: the row is created or incremented and read in one statement.
        sql.Append("INSERT INTO counters (object, field, value) ")
            .Append($"VALUES ({sql.Param(SqlNames.Require(obj, "object"))}, {sql.Param(SqlNames.Require(field, "field"))}, 1) ")
            .Append("ON CONFLICT (object, field) DO UPDATE SET value = counters.value + 1 RETURNING value");
        var value = await sql.Build().ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt64(value);
    }

    public async Task<IReadOnlyList<FieldHistoryEntry>> FieldHistoryAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.FieldHistory.AsNoTracking().Where(h => h.RecordId == recordId)
            .OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        return rows.Select(h => new FieldHistoryEntry(h.RecordId, h.Field, h.OldValue, h.NewValue, h.At, h.By)).ToList();
    }

    public async Task<IReadOnlyList<StageHistoryEntry>> StageHistoryAsync(Guid recordId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.StageHistory.AsNoTracking().Where(h => h.RecordId == recordId)
            .OrderBy(h => h.At).ThenBy(h => h.Id).ToListAsync(cancellationToken);
        return rows.Select(h => new StageHistoryEntry(h.RecordId, h.Object, h.FromStage, h.ToStage, h.At, h.By)
        {
            SecondsInPreviousStage = h.SecondsInPreviousStage,
            Amount = h.Amount,
        }).ToList();
    }

    private async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            return new Session(db);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    /// <summary>A pooled context with its connection open, for the duration of one call.</summary>
    private sealed class Session(FunnelStudioDbContext db) : IAsyncDisposable
    {
        private readonly List<DbCommand> _commands = [];

        public FunnelStudioDbContext Db => db;

        public SqlCommandBuilder Command(DbTransaction? transaction = null)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            _commands.Add(command);
            return new SqlCommandBuilder(command, db.GetService<IRelationalTypeMappingSource>());
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands) await command.DisposeAsync();
            await db.Database.CloseConnectionAsync();
            await db.DisposeAsync();
        }
    }
}
