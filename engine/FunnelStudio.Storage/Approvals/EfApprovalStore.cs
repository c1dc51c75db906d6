using FunnelStudio.Approvals;
using FunnelStudio.Outbox;
using FunnelStudio.Storage.Entities;
using FunnelStudio.Storage.Outbox;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Approvals;

/// <summary>
/// <see cref="IApprovalStore"/> over <c>approval_requests</c>, <c>approval_tasks</c> and
/// <c>approval_delegations</c>. Reads with EF; a change is <see cref="ApprovalWrites.ApplyAsync"/>
/// in a transaction of its own, with the outbox messages it causes. Thread-safe: every call takes its own context.
/// </summary>
public sealed class EfApprovalStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options, TimeProvider time)
    : IApprovalStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task<ApprovalRequest?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await LoadAsync(q => q.Where(r => r.Id == id), cancellationToken)).FirstOrDefault();

    public Task<IReadOnlyList<ApprovalRequest>> ForRecordAsync(Guid recordId, CancellationToken cancellationToken) =>
        LoadAsync(q => q.Where(r => r.RecordId == recordId).OrderByDescending(r => r.SubmittedAt), cancellationToken);

    public async Task<IReadOnlyList<ApprovalRequest>> OpenForAsync(IReadOnlyCollection<string> approvers, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await OpenIds(db, approvers).ToListAsync(cancellationToken);
        return await LoadAsync(q => q.Where(r => ids.Contains(r.Id)).OrderBy(r => r.SubmittedAt), cancellationToken);
    }

    public async Task<int> CountOpenForAsync(IReadOnlyCollection<string> approvers, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await OpenIds(db, approvers).CountAsync(cancellationToken);
    }

    /// <summary>Pending requests whose current step has an open task for one of <paramref name="approvers"/>.</summary>
    private static IQueryable<Guid> OpenIds(FunnelStudioDbContext db, IReadOnlyCollection<string> approvers)
    {
        var pending = ApprovalRows.Status(ApprovalStatus.Pending);
        return db.ApprovalRequests.AsNoTracking()
            .Where(r => r.Status == pending && db.ApprovalTasks.Any(t => t.RequestId == r.Id && t.Step == r.CurrentStep
                && t.Decision == null && approvers.Contains(t.ApproverId)))
            .Select(r => r.Id);
    }

    public Task<IReadOnlyList<ApprovalRequest>> SubmittedByAsync(string userId, int limit, CancellationToken cancellationToken) =>
        LoadAsync(q => q.Where(r => r.SubmittedBy == userId).OrderByDescending(r => r.SubmittedAt).Take(limit), cancellationToken);

    public Task<IReadOnlyList<ApprovalRequest>> StuckAsync(DateTime before, int limit, CancellationToken cancellationToken)
    {
        var pending = ApprovalRows.Status(ApprovalStatus.Pending);
        return LoadAsync(q => q.Where(r => r.Status == pending && (r.Escalated || r.SubmittedAt < before)).OrderBy(r => r.SubmittedAt).Take(limit),
            cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, int>> PendingByFlowAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pending = ApprovalRows.Status(ApprovalStatus.Pending);
        return await db.ApprovalRequests.AsNoTracking().Where(r => r.Status == pending)
            .GroupBy(r => r.Flow).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    public async Task ApplyAsync(ApprovalChange change, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        var tx = transaction.GetDbTransaction();
        await ApprovalWrites.ApplyAsync(session, tx, change, cancellationToken);
        if (outbox.Count > 0)
        {
            var sql = session.Command(tx);
            OutboxWrites.Insert(sql, outbox, time.GetUtcNow().UtcDateTime);
            OutboxWrites.Announce(_dialect, sql);
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ApprovalDelegation>> DelegationsAsync(string? userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ApprovalDelegations.AsNoTracking()
            .Where(d => userId == null || d.FromUser == userId || d.ToUser == userId)
            .OrderByDescending(d => d.Starts).ToListAsync(cancellationToken);
        var ids = rows.SelectMany(d => new[] { d.FromUser, d.ToUser }).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName, u.UserName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName ?? u.UserName ?? u.Id, cancellationToken);
        return rows.Select(d => new ApprovalDelegation(d.Id, d.FromUser, d.ToUser, d.Starts, d.Ends)
        {
            FromUserName = names.GetValueOrDefault(d.FromUser, d.FromUser), ToUserName = names.GetValueOrDefault(d.ToUser, d.ToUser),
        }).ToList();
    }

    public async Task<ApprovalDelegation> AddDelegationAsync(string fromUser, string toUser, DateOnly starts, DateOnly ends, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = new ApprovalDelegationRow { FromUser = fromUser, ToUser = toUser, Starts = starts, Ends = ends, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.ApprovalDelegations.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return (await DelegationsAsync(fromUser, cancellationToken)).First(d => d.Id == row.Id);
    }

    public async Task<bool> RemoveDelegationAsync(long id, string? fromUser, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ApprovalDelegations.Where(d => d.Id == id && (fromUser == null || d.FromUser == fromUser)).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    private async Task<IReadOnlyList<ApprovalRequest>> LoadAsync(Func<IQueryable<ApprovalRequestRow>, IQueryable<ApprovalRequestRow>> query,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await query(db.ApprovalRequests.AsNoTracking()).ToListAsync(cancellationToken);
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var tasks = (await db.ApprovalTasks.AsNoTracking().Where(t => ids.Contains(t.RequestId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.RequestId);
        return rows.Select(r => ApprovalRows.ToRequest(r, tasks[r.Id])).ToList();
    }
}
