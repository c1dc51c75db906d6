using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Users;

/// <summary>
/// Users as the admin pages and the API list them: searched by name or email, paged, with roles and
/// manager — read from the database each time (the user directory's cache is for access checks).
/// </summary>
public sealed class UserQueries(FunnelStudioDbContext db)
{
    public async Task<UserPage> ListAsync(string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        page = Math.Clamp(page, 1, 1_000_000);
        pageSize = Math.Clamp(pageSize, 1, 200);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            // Upper-cased on both sides: one case-insensitive match on SQLite and PostgreSQL; a parameter, never SQL text.
            var term = search.Trim().ToUpperInvariant();
            users = users.Where(u => u.DisplayName.ToUpper().Contains(term) || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(term)));
        }
        var total = await users.CountAsync(cancellationToken);
        var rows = await users.OrderBy(u => u.DisplayName).ThenBy(u => u.Email).ThenBy(u => u.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(u => new UserRow(u.Id, u.Email, u.DisplayName, u.IsActive, u.ManagerId, u.CreatedAt))
            .ToListAsync(cancellationToken);
        return new UserPage(await SummariesAsync(rows, cancellationToken), total, page, pageSize);
    }

    public async Task<UserSummary?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new UserRow(u.Id, u.Email, u.DisplayName, u.IsActive, u.ManagerId, u.CreatedAt))
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : (await SummariesAsync(rows, cancellationToken))[0];
    }

    /// <summary>The page's users with their roles and their managers' names: two more queries, whatever the page size.</summary>
    private async Task<IReadOnlyList<UserSummary>> SummariesAsync(List<UserRow> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await (from ur in db.UserRoles
                            join r in db.Roles on ur.RoleId equals r.Id
                            where ids.Contains(ur.UserId)
                            select new { ur.UserId, r.Name }).AsNoTracking().ToListAsync(cancellationToken))
            .Where(r => r.Name is not null).ToLookup(r => r.UserId, r => r.Name!);
        var managerIds = rows.Select(r => r.ManagerId).OfType<string>().Distinct().ToList();
        var managers = await db.Users.AsNoTracking().Where(u => managerIds.Contains(u.Id))
            .Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return rows.Select(r => new UserSummary(r.Id, r.Email ?? "", r.DisplayName, r.Active, r.ManagerId,
            r.ManagerId is null ? null : managers.GetValueOrDefault(r.ManagerId),
            roles[r.Id].Order(StringComparer.Ordinal).ToList(), DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc))).ToList();
    }

    private sealed record UserRow(string Id, string? Email, string DisplayName, bool Active, string? ManagerId, DateTime CreatedAt);
}

/// <summary>A user as admins see them. <see cref="Roles"/> are every role the user holds, in or outside the package.</summary>
public sealed record UserSummary(string Id, string Email, string DisplayName, bool Active, string? ManagerId, string? ManagerName,
    IReadOnlyList<string> Roles, DateTime CreatedAt);

/// <summary>One page of users and how many match in all.</summary>
public sealed record UserPage(IReadOnlyList<UserSummary> Items, int Total, int Page, int PageSize);
