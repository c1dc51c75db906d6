using System.Text.Json;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config;

/// <summary>
/// Config versions as rows: every publish stores the package's files as a new, never-changed row
/// and moves the "published" mark to it in one transaction (a partial unique index allows one mark).
/// </summary>
public sealed class EfConfigVersionStore(IDbContextFactory<FunnelStudioDbContext> contexts) : IConfigVersionStore
{
    public async Task<ConfigVersion?> PublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ConfigVersions.AsNoTracking().SingleOrDefaultAsync(v => v.IsPublished, cancellationToken);
        return row is null ? null : ToVersion(row);
    }

    public async Task<ConfigVersion> PublishAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? publishedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ConfigVersions.Where(v => v.IsPublished)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.IsPublished, false), cancellationToken);
        var row = new ConfigVersionRow
        {
            PackageName = packageName,
            PackageVersion = packageVersion,
            Files = JsonSerializer.Serialize(files.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary()),
            PublishedAt = DateTime.UtcNow,
            PublishedBy = publishedBy,
            IsPublished = true,
        };
        db.ConfigVersions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToVersion(row);
    }

    /// <summary>Every stored version, newest first (for the designer's history, diff and rollback).</summary>
    public async Task<IReadOnlyList<ConfigVersion>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Id).ToListAsync(cancellationToken);
        return rows.Select(ToVersion).ToList();
    }

    private static ConfigVersion ToVersion(ConfigVersionRow row) => new(row.Id, row.PackageName, row.PackageVersion,
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.Files) ?? [],
        DateTime.SpecifyKind(row.PublishedAt, DateTimeKind.Utc), row.PublishedBy);
}
