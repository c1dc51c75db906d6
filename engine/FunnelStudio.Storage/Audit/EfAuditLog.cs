using FunnelStudio.Audit;
using FunnelStudio.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Audit;

/// <summary>
/// <see cref="IAuditLog"/> over the <c>audit_log</c> table. Scoped, on the request's
/// <see cref="FunnelStudioDbContext"/> (the one Identity's stores use): a line written while a
/// transaction is open on that context — as the user accounts service opens one — commits or rolls
/// back with the change it records.
/// </summary>
public sealed class EfAuditLog(FunnelStudioDbContext db) : IAuditLog
{
    public async Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        db.AuditLog.Add(new AuditEntryRow
        {
            At = DateTime.SpecifyKind(entry.At, DateTimeKind.Utc),
            ActorId = entry.ActorId,
            Action = entry.Action,
            TargetType = entry.TargetType,
            TargetId = entry.TargetId,
            Details = entry.Details,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Clamp(query.Page, 1, 1_000_000);
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var rows = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrEmpty(query.TargetType)) rows = rows.Where(a => a.TargetType == query.TargetType);
        if (!string.IsNullOrEmpty(query.TargetId)) rows = rows.Where(a => a.TargetId == query.TargetId);
        if (!string.IsNullOrEmpty(query.Action)) rows = rows.Where(a => a.Action == query.Action);
        var total = await rows.CountAsync(cancellationToken);
        // Ids grow with time; ordering by id as well keeps entries written in the same tick in order.
        var items = await rows.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditPage(items.Select(a => new AuditEntry(DateTime.SpecifyKind(a.At, DateTimeKind.Utc), a.ActorId, a.Action,
            a.TargetType, a.TargetId, a.Details) { Id = a.Id }).ToList(), total, page, pageSize);
    }
}
