using System.Data.Common;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Outbox;

/// <summary>
/// <see cref="IOutboxStore"/> over the <c>outbox</c> table, on both providers. Times come from the
/// injected <see cref="TimeProvider"/> (the dispatcher's clock), never from the database's, so what is
/// due and when a retry comes are one clock's decisions. Thread-safe: every call takes its own context.
/// </summary>
public sealed class EfOutboxStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options, TimeProvider time)
    : IOutboxStore
{
    /// <summary>The most messages <see cref="ListAsync"/> returns.</summary>
    public const int MaxList = 500;

    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0) return;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        OutboxWrites.Insert(sql, messages, Now);
        OutboxWrites.Announce(_dialect, sql);
        await sql.Build().ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One statement: the due messages' ids are chosen, leased and returned at once. On PostgreSQL the
    /// choice is <c>FOR UPDATE SKIP LOCKED</c>, so concurrent claimers take disjoint rows without
    /// waiting for each other, and a row another claimer leased meanwhile fails the re-check of the
    /// condition (read committed re-reads a locked row before updating it). SQLite has one writer at a time.
    /// One statement is atomic on its own: no transaction around it, whose BEGIN and COMMIT would double its round trips.
    /// </summary>
    public Task<IReadOnlyList<OutboxItem>> ClaimAsync(int max, TimeSpan lease, CancellationToken cancellationToken) =>
        CompleteAndClaimAsync([], max, lease, cancellationToken);

    /// <summary>
    /// The marking and the claim as two statements of one command: one round trip, and on PostgreSQL one implicit
    /// transaction (a batch without BEGIN runs as one), so when it fails neither happened.
    /// </summary>
    public async Task<IReadOnlyList<OutboxItem>> CompleteAndClaimAsync(IReadOnlyCollection<long> delivered, int max, TimeSpan lease,
        CancellationToken cancellationToken)
    {
        if (max <= 0)
        {
            await CompleteAsync(delivered, cancellationToken);
            return [];
        }
        var now = Now;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        var at = sql.Param(now);
        if (delivered.Count > 0) AppendMarking(sql, delivered, at);
        sql.Append($"UPDATE outbox SET attempts = attempts + 1, claimed_until = {sql.Param(now + lease)} WHERE id IN (")
            .Append(DueIds(_dialect, at, max))
            .Append($") RETURNING {Columns}");
        var items = new List<OutboxItem>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) items.Add(Read(reader));
        }
        return items.OrderBy(i => i.NextAttemptAt).ThenBy(i => i.Id).ToList();
    }

    /// <summary>
    /// Marks pending messages delivered, in one UPDATE over their ids: a batch of N costs one round trip and one
    /// transaction instead of N. One that is no longer pending (e.g. retried meanwhile by an admin) stays as it is.
    /// </summary>
    public async Task<int> CompleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return 0;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        AppendMarking(sql, ids, sql.Param(Now));
        return await sql.Build().ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The one marking statement, on its own or ahead of a claim; <paramref name="at"/> is the parameter holding the time now.</summary>
    private void AppendMarking(SqlCommandBuilder sql, IReadOnlyCollection<long> ids, string at) =>
        sql.Append($"UPDATE outbox SET status = {sql.Param(OutboxStatusNames.Done)}, done_at = {at}, claimed_until = NULL ")
            .Append($"WHERE {_dialect.InIds(sql, "id", ids.Distinct().ToList())} AND status = {sql.Param(OutboxStatusNames.Pending)};\n");

    public async Task ReleaseAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        var list = ids.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Outbox.Where(o => list.Contains(o.Id) && o.Status == OutboxStatusNames.Pending && o.ClaimedUntil != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.ClaimedUntil, (DateTime?)null)
                .SetProperty(o => o.Attempts, o => o.Attempts > 0 ? o.Attempts - 1 : 0), cancellationToken);
    }

    public async Task<int> PurgeDeliveredAsync(DateTime before, CancellationToken cancellationToken)
    {
        var cutoff = DateTime.SpecifyKind(before, DateTimeKind.Utc);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.Where(o => o.Status == OutboxStatusNames.Done && o.DoneAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task FailAsync(long id, string error, DateTime? retryAt, CancellationToken cancellationToken)
    {
        var now = Now;
        var text = OutboxWrites.Cut(error, OutboxLimits.LastError);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = db.Outbox.Where(o => o.Id == id && o.Status == OutboxStatusNames.Pending);
        if (retryAt is { } at)
        {
            var next = DateTime.SpecifyKind(at, DateTimeKind.Utc);
            await pending.ExecuteUpdateAsync(s => s
                .SetProperty(o => o.NextAttemptAt, next)
                .SetProperty(o => o.ClaimedUntil, (DateTime?)null)
                .SetProperty(o => o.LastError, text), cancellationToken);
        }
        else
        {
            await pending.ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatusNames.Dead)
                .SetProperty(o => o.DoneAt, now)
                .SetProperty(o => o.ClaimedUntil, (DateTime?)null)
                .SetProperty(o => o.LastError, text), cancellationToken);
        }
    }

    /// <summary>
    /// A dead message, or a pending one no instance is delivering, becomes due now with its attempts
    /// counted from zero. False for a delivered one, one being delivered (its lease runs), or no such message.
    /// </summary>
    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var changed = await db.Outbox
            .Where(o => o.Id == id && (o.Status == OutboxStatusNames.Dead
                || o.Status == OutboxStatusNames.Pending && (o.ClaimedUntil == null || o.ClaimedUntil < now)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, OutboxStatusNames.Pending)
                .SetProperty(o => o.Attempts, 0)
                .SetProperty(o => o.NextAttemptAt, now)
                .SetProperty(o => o.ClaimedUntil, (DateTime?)null)
                .SetProperty(o => o.DoneAt, (DateTime?)null), cancellationToken);
        return changed > 0;
    }

    public async Task<IReadOnlyList<OutboxItem>> ListAsync(OutboxStatus? status, Guid? recordId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Outbox.AsNoTracking();
        // Constants, which EF writes as literals: the partial indexes (dead letters, pending by due time) serve them.
        rows = status switch
        {
            OutboxStatus.Pending => rows.Where(o => o.Status == OutboxStatusNames.Pending),
            OutboxStatus.Done => rows.Where(o => o.Status == OutboxStatusNames.Done),
            OutboxStatus.Dead => rows.Where(o => o.Status == OutboxStatusNames.Dead),
            _ => rows,
        };
        if (recordId is { } record) rows = rows.Where(o => o.RecordId == record);
        // Ids grow with time: newest first without sorting on a timestamp.
        var found = await WithObjects(db, rows.OrderByDescending(o => o.Id).Take(Math.Clamp(limit, 1, MaxList)))
            .ToListAsync(cancellationToken);
        return found.OrderByDescending(f => f.Row.Id).Select(f => Item(f.Row) with { RecordObject = f.Object }).ToList();
    }

    public async Task<OutboxItem?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await WithObjects(db, db.Outbox.AsNoTracking().Where(o => o.Id == id)).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : Item(found.Row) with { RecordObject = found.Object };
    }

    private sealed record RowWithObject(OutboxRow Row, string? Object);

    /// <summary>The rows with the object of the record each is about (none when there is no such record).</summary>
    private static IQueryable<RowWithObject> WithObjects(FunnelStudioDbContext db, IQueryable<OutboxRow> rows) =>
        from o in rows
        join r in db.Records on o.RecordId equals (Guid?)r.Id into records
        from r in records.DefaultIfEmpty()
        select new RowWithObject(o, r == null ? null : r.Object);

    /// <summary>
    /// The claim's choice: up to <paramref name="max"/> due messages no instance holds, in due order; on PostgreSQL locked
    /// with <c>FOR UPDATE SKIP LOCKED</c>. <paramref name="at"/> is the parameter holding the time now.
    /// </summary>
    internal static string DueIds(SqlDialect dialect, string at, int max)
    {
        // The limit as a literal of a clamped number, like the record pages: one plan for every claim.
        var limit = Math.Clamp(max, 1, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The status as a literal (a constant of ours, no input): only then may either database use the partial index of
        // pending messages (ix_outbox__due), whose order is the claim's — a parameter's value is unknown to a reused plan.
        return $"SELECT id FROM outbox WHERE status = '{OutboxStatusNames.Pending}' AND next_attempt_at <= {at} "
            + $"AND (claimed_until IS NULL OR claimed_until < {at}) ORDER BY next_attempt_at, id LIMIT {limit}"
            + (dialect.Provider == StorageProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "");
    }

    private const string Columns =
        "id, kind, payload, status, record_id, description, attempts, created_at, next_attempt_at, done_at, last_error";

    private static OutboxItem Read(DbDataReader reader) => new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
        OutboxStatusNames.Parse(reader.GetString(3)))
    {
        RecordId = reader.IsDBNull(4) ? null : reader.GetGuid(4),
        Description = reader.IsDBNull(5) ? null : reader.GetString(5),
        Attempts = reader.GetInt32(6),
        CreatedAt = Utc(reader.GetDateTime(7)),
        NextAttemptAt = Utc(reader.GetDateTime(8)),
        DoneAt = reader.IsDBNull(9) ? null : Utc(reader.GetDateTime(9)),
        LastError = reader.IsDBNull(10) ? null : reader.GetString(10),
    };

    private static OutboxItem Item(OutboxRow row) => new(row.Id, row.Kind, row.Payload, OutboxStatusNames.Parse(row.Status))
    {
        RecordId = row.RecordId,
        Description = row.Description,
        Attempts = row.Attempts,
        CreatedAt = Utc(row.CreatedAt),
        NextAttemptAt = Utc(row.NextAttemptAt),
        DoneAt = row.DoneAt is { } done ? Utc(done) : null,
        LastError = row.LastError,
    };

    private static DateTime Utc(DateTime time) => Records.StoredValues.ToUtc(time);
}
