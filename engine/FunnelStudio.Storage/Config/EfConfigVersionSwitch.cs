using FunnelStudio.Saving;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config;

/// <summary>
/// <see cref="IConfigVersionSwitch"/> on the scope's <see cref="FunnelStudioDbContext"/> — the one
/// <see cref="Audit.EfAuditLog"/> writes through — so the audit line and whatever else the caller
/// writes through that context inside <c>within</c> commit or roll back with the switch.
/// </summary>
public sealed class EfConfigVersionSwitch(FunnelStudioDbContext db) : IConfigVersionSwitch
{
    public async Task<ConfigVersionInfo> SwitchAsync(long versionId, long? expectedActiveId, string? publishedBy, string? diffSummary,
        Func<CancellationToken, Task> within, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Two publishes at once queue here instead of meeting at the unique index half-way (SQLite has one writer anyway).
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            await db.Database.ExecuteSqlRawAsync("LOCK TABLE config_versions IN EXCLUSIVE MODE", cancellationToken);
        var active = await db.ConfigVersions.Where(v => v.Status == ConfigVersionStatuses.Published).Select(v => (long?)v.Id)
            .SingleOrDefaultAsync(cancellationToken);
        if (active != expectedActiveId)
            throw new ConfigVersionConflictException($"Version {active} was published meanwhile (expected {expectedActiveId?.ToString() ?? "none"}); plan again.");
        await db.ConfigVersions.Where(v => v.Status == ConfigVersionStatuses.Published)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, ConfigVersionStatuses.Retired), cancellationToken);
        var now = DateTime.UtcNow;
        var switched = await db.ConfigVersions.Where(v => v.Id == versionId && v.Status == ConfigVersionStatuses.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, ConfigVersionStatuses.Published).SetProperty(v => v.PublishedAt, now)
                .SetProperty(v => v.PublishedBy, publishedBy).SetProperty(v => v.DiffSummary, diffSummary), cancellationToken);
        if (switched == 0)
            throw new ConfigVersionConflictException($"Version {versionId} is not a draft (any more); only a draft can be published.");
        await within(cancellationToken);
        // Other instances LISTEN for this; PostgreSQL delivers it only when (and if) the transaction commits.
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{ConfigVersionChannel.Name}', {{0}})", [versionId.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var row = await db.ConfigVersions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new Entities.ConfigVersionRow
            {
                Id = v.Id, PackageName = v.PackageName, PackageVersion = v.PackageVersion, Status = v.Status, CreatedAt = v.CreatedAt,
                CreatedBy = v.CreatedBy, PublishedAt = v.PublishedAt, PublishedBy = v.PublishedBy, SourceVersionId = v.SourceVersionId,
                DiffSummary = v.DiffSummary,
            }).SingleAsync(cancellationToken);
        return ConfigVersionRows.ToInfo(row);
    }
}
