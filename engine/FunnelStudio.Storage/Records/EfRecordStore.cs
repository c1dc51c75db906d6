using System.Data.Common;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Keys;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.References;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// <see cref="IRecordStore"/> on SQLite and PostgreSQL. The record paths are hand-written SQL
/// through the provider's <see cref="SqlDialect"/> (JSON access, expression-index-friendly sorts,
/// one round trip per save); values are always parameters, names only after validation.
/// Thread-safe: every call takes its own pooled context and connection.
/// </summary>
public sealed partial class EfRecordStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options,
    IObjectDefinitionSource definitions, TimeProvider? time = null) : IRecordStore
{
    /// <summary>The clock of the outbox messages a save writes (the dispatcher's: it decides when they are due).</summary>
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private const int MaxTitleLength = 1000;

    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);
    private CounterBatches? _counters;
    private CreateBatches? _creates;

    /// <summary>The record, also when it is soft-deleted (<see cref="StoredRecord.Deleted"/>); null when it does not exist.</summary>
    public async Task<StoredRecord?> FindAsync(string obj, Guid id, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        sql.Append($"SELECT {_dialect.RecordColumns("r")} FROM records r WHERE r.id = {sql.Param(id)} AND r.object = {sql.Param(obj)}");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? RecordReader.Read(reader, definitions) : null;
    }

    public async Task<IReadOnlyDictionary<Guid, string?>> TitlesAsync(string obj, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<Guid, string?>();
        if (ids.Count == 0) return titles;
        await using var session = await OpenAsync(cancellationToken);
        foreach (var chunk in ids.Distinct().Chunk(500))
        {
            var sql = session.Command();
            sql.Append($"SELECT r.id, r.title FROM records r WHERE r.object = {sql.Param(obj)} AND r.deleted = FALSE AND r.id IN (")
                .Append(string.Join(", ", chunk.Select(id => sql.Param(id)))).Append(")");
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                titles[reader.GetGuid(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
        return titles;
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

    public async Task<IReadOnlyList<BoardColumn>> BoardAsync(string obj, IReadOnlyList<string> stages,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage, CancellationToken cancellationToken)
    {
        if (stages.Count == 0) return [];
        cardsPerStage = Math.Clamp(cardsPerStage, 0, RecordSql.MaxCardsPerStage);
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        RecordSql.Board(_dialect, sql, obj, stages, visibleOwners, owner, cardsPerStage);
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        var totals = new Dictionary<string, (int Count, decimal Amount)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
            totals[reader.GetString(0)] = ((int)reader.GetInt64(1), RecordReader.Decimal(reader, 2) ?? 0m);
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
        try
        {
            // Creates on PostgreSQL go together with whatever other creates are waiting (CreateBatches).
            // One with outbox messages takes the single write, which carries them in its transaction.
            if (request.IsNew && request.FieldHistory.Count == 0 && request.Outbox.Count == 0 && request.Approvals.IsEmpty && _dialect.Provider == StorageProvider.Postgres)
            {
                var creates = LazyInitializer.EnsureInitialized(ref _creates,
                    () => new CreateBatches(InsertAllAsync, FindStoredAsync, options.MaxQueuedCreates));
                return Stored(record, await creates.AddAsync(request, cancellationToken));
            }
            return await WriteAsync(request, cancellationToken);
        }
        catch (Exception e) when (request.IdempotencyKey is not null && DatabaseFailures.IsIdempotencyKeyTaken(e))
        {
            throw new IdempotencyKeyConflictException(
                $"The idempotency key '{request.IdempotencyKey.Key}' is already stored with another save.", e);
        }
        catch (DbException e) when (WriteErrors.Translate(e) is { } refused)
        {
            // A unique value someone else holds, a lookup target deleted meanwhile: outcomes the pipeline reports.
            throw refused;
        }
    }

    /// <summary>How many create batches run at once on PostgreSQL; further creates wait for one of them.</summary>
    public const int CreateBatchSlots = CreateBatches.MaxRunning;

    /// <summary>Creates waiting for a batch on PostgreSQL (for monitoring; see <see cref="CreateBatches"/>).</summary>
    public int QueuedCreates => _creates?.Queued ?? 0;

    /// <summary>Creates waiting for a batch or in a batch on its way, on PostgreSQL (for monitoring).</summary>
    public int PendingCreates => _creates?.Pending ?? 0;

    /// <summary>One save on one connection: the record's statement and its history rows in one round trip, one transaction.</summary>
    private async Task<StoredRecord> WriteOnceAsync(PersistRequest request, CancellationToken cancellationToken)
    {
        var record = request.Record;
        await using var session = await OpenAsync(cancellationToken);
        // SQLite commits each statement on its own, and an update must see its version check pass
        // before it commits: those take an explicit transaction. (A create with field history on
        // PostgreSQL runs its statements as one implicit transaction, like a batch.)
        var implicitTransaction = request.IsNew && _dialect.Provider == StorageProvider.Postgres && request.Approvals.Change is null;
        await using var transaction = implicitTransaction ? null : await session.Db.Database.BeginTransactionAsync(cancellationToken);
        // A delete that lookups can point to locks what it deletes and checks its plan still holds.
        if (request.Delete is { } plan) await DeleteEffects.VerifyAsync(_dialect, session.Command(transaction?.GetDbTransaction()), plan, cancellationToken);
        // A decision first: it takes the request's row lock, and a decision made first by someone else
        // stops the save here, before anything of it is written.
        if (request.Approvals.Change is { } change)
            await Approvals.ApprovalWrites.ApplyAsync(session, transaction!.GetDbTransaction(), change, cancellationToken);
        var sql = session.Command(transaction?.GetDbTransaction());
        // First, so the targets are locked before this write takes any other lock (see ReferenceGuard).
        if (_dialect.Provider == StorageProvider.Postgres) ReferenceGuard.Lock(sql, request.References);
        var definition = definitions.Find(record.Object);
        if (request.IsNew) RecordWrites.Insert(_dialect, sql, record, definition, MaxTitleLength);
        else RecordWrites.Update(_dialect, sql, record, definition, request.ExpectedVersion, MaxTitleLength);
        RecordWrites.FieldHistory(sql, request.FieldHistory);
        if (request.StageChange is { } move) RecordWrites.StageHistory(sql, move);
        RecordKeyWrites.Append(sql, request);
        if (request.Delete is { } effects) DeleteEffects.Append(_dialect, sql, effects, record);
        if (request.IdempotencyKey is { } key) RecordWrites.IdempotencyKey(sql, key, record, DateTime.UtcNow);
        // In the same command and transaction: the messages are stored exactly when the record is.
        OutboxWrites.Insert(sql, request.Outbox, _time.GetUtcNow().UtcDateTime);
        if (request.Outbox.Count > 0) OutboxWrites.Announce(_dialect, sql);
        Approvals.ApprovalWrites.AppendStarts(sql, request.Approvals.Started);

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
        if (_dialect.Provider == StorageProvider.Sqlite)
            await ReferenceGuard.VerifyAsync(session.Command(transaction?.GetDbTransaction()), request.References, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return Stored(record, version.Value);
    }

    /// <summary>
    /// Stores creates on PostgreSQL in one round trip and one transaction (<see cref="PostgresCreates"/>);
    /// returns their row versions in the order given.
    /// </summary>
    private async Task<IReadOnlyList<long>> InsertAllAsync(IReadOnlyList<PersistRequest> requests)
    {
        await using var session = await OpenAsync(CancellationToken.None);
        var sql = session.Command();
        PostgresCreates.LockReferences(sql, requests);
        PostgresCreates.Insert(sql, requests.Select(r => r.Record).ToList(), definitions, MaxTitleLength);
        PostgresCreates.StageHistory(sql, requests.Where(r => r.StageChange is not null).Select(r => r.StageChange!).ToList());
        PostgresCreates.Keys(sql, requests);
        PostgresCreates.IdempotencyKeys(sql, requests, DateTime.UtcNow);
        var versions = new Dictionary<Guid, long>(requests.Count);
        await using (var reader = await sql.Build().ExecuteReaderAsync(CancellationToken.None))
        {
            while (await reader.ReadAsync(CancellationToken.None)) versions[reader.GetGuid(0)] = reader.GetInt64(1);
            while (await reader.NextResultAsync(CancellationToken.None))
            {
                // Run every statement so that a failing history row surfaces here, before the commit.
            }
        }
        return requests.Select(r => versions[r.Record.Id]).ToList();
    }

    /// <summary>The record as stored: its new row version, the title as cut to fit, times in UTC.</summary>
    private static StoredRecord Stored(StoredRecord record, long version) => record with
    {
        Version = version,
        Title = RecordWrites.Truncate(record.Title, MaxTitleLength),
        CreatedAt = StoredValues.ToUtc(record.CreatedAt),
        UpdatedAt = StoredValues.ToUtc(record.UpdatedAt),
        StageEnteredAt = record.StageEnteredAt is { } entered ? StoredValues.ToUtc(entered) : null,
    };

    public async Task RefreshAmountsAsync(string obj, string? amountField, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        var sql = session.Command();
        // Only rows whose amount differs are written, so the totals trigger sees real changes only.
        var amount = amountField is null ? "NULL" : _dialect.JsonNumber("records", SqlNames.Require(amountField, "field"));
        sql.Append($"UPDATE records SET amount = {amount} WHERE object = {sql.Param(SqlNames.Require(obj, "object"))} ")
            .Append($"AND {_dialect.Distinct("amount", amount)}");
        sql.Command.CommandTimeout = 0;
        await sql.Build().ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Concurrent calls for one counter share a statement (<see cref="CounterBatches"/>).</summary>
    public Task<long> NextNumberAsync(string obj, string field, CancellationToken cancellationToken)
    {
        SqlNames.Require(obj, "object");
        SqlNames.Require(field, "field");
        return LazyInitializer.EnsureInitialized(ref _counters, () => new CounterBatches(ReserveNumbersAsync))
            .NextAsync(obj, field, cancellationToken);
    }

    /// <summary>Moves a counter on by <paramref name="count"/> and returns its new (the last reserved) value.</summary>
    private async Task<long> ReserveNumbersAsync(string obj, string field, int count)
    {
        await using var session = await OpenAsync(CancellationToken.None);
        var sql = session.Command();
        // Atomic on both providers: the row is created or moved on and read in one statement.
        var n = sql.Param((long)count);
        sql.Append("INSERT INTO counters (object, field, value) ")
            .Append($"VALUES ({sql.Param(obj)}, {sql.Param(field)}, {n}) ")
            .Append($"ON CONFLICT (object, field) DO UPDATE SET value = counters.value + {n} RETURNING value");
        return Convert.ToInt64(await sql.Build().ExecuteScalarAsync(CancellationToken.None));
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

    /// <summary>A context with its connection open; <see cref="DatabaseUnavailableException"/> when the database cannot be reached.</summary>
    private Task<StoreSession> OpenAsync(CancellationToken cancellationToken) => StoreSession.OpenAsync(contexts, cancellationToken);
}
