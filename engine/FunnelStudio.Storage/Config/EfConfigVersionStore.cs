using System.Text.Json;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config;

/// <summary>
/// Config versions as rows (<c>config_versions</c>): files as one JSON object, a status that moves
/// draft → published → retired, and a partial unique index that allows one published row.
/// </summary>
public sealed class EfConfigVersionStore(IDbContextFactory<FunnelStudioDbContext> contexts) : IConfigVersionStore
{
    public async Task<ConfigVersion?> PublishedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ConfigVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Status == ConfigVersionStatuses.Published, cancellationToken);
        return row is null ? null : ConfigVersionRows.ToVersion(row);
    }

    public async Task<long?> PublishedIdAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ConfigVersions.Where(v => v.Status == ConfigVersionStatuses.Published).Select(v => (long?)v.Id)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ConfigVersion?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.ConfigVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id, cancellationToken);
        return row is null ? null : ConfigVersionRows.ToVersion(row);
    }

    public async Task<IReadOnlyList<ConfigVersionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Without the files: a history of many versions stays a small read.
        var rows = await db.ConfigVersions.AsNoTracking().OrderByDescending(v => v.Id)
            .Select(v => new ConfigVersionRow
            {
                Id = v.Id, PackageName = v.PackageName, PackageVersion = v.PackageVersion, Status = v.Status, CreatedAt = v.CreatedAt,
                CreatedBy = v.CreatedBy, PublishedAt = v.PublishedAt, PublishedBy = v.PublishedBy, SourceVersionId = v.SourceVersionId,
                DiffSummary = v.DiffSummary,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(ConfigVersionRows.ToInfo).ToList();
    }

    public async Task<ConfigVersion> AddDraftAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? createdBy, long? sourceVersionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = ConfigVersionRows.New(packageName, packageVersion, files, createdBy, sourceVersionId);
        db.ConfigVersions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        return ConfigVersionRows.ToVersion(row);
    }

    public async Task<ConfigVersion> PublishAsync(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? publishedBy, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ConfigVersions.Where(v => v.Status == ConfigVersionStatuses.Published)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, ConfigVersionStatuses.Retired), cancellationToken);
        var row = ConfigVersionRows.New(packageName, packageVersion, files, publishedBy, null);
        row.Status = ConfigVersionStatuses.Published;
        row.PublishedAt = row.CreatedAt;
        row.PublishedBy = publishedBy;
        db.ConfigVersions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ConfigVersionRows.ToVersion(row);
    }
}

/// <summary>The status names stored in <c>config_versions.status</c>.</summary>
internal static class ConfigVersionStatuses
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Retired = "retired";

    public static ConfigVersionStatus Parse(string status) => status switch
    {
        Draft => ConfigVersionStatus.Draft,
        Published => ConfigVersionStatus.Published,
        _ => ConfigVersionStatus.Retired,
    };
}

/// <summary>Between rows and the engine's version records.</summary>
internal static class ConfigVersionRows
{
    public static ConfigVersionRow New(string packageName, string packageVersion, IReadOnlyDictionary<string, string> files,
        string? createdBy, long? sourceVersionId) => new()
    {
        PackageName = packageName,
        PackageVersion = packageVersion,
        Files = JsonSerializer.Serialize(files.OrderBy(f => f.Key, StringComparer.Ordinal).ToDictionary()),
        Status = ConfigVersionStatuses.Draft,
        CreatedAt = DateTime.UtcNow,
        CreatedBy = createdBy,
        SourceVersionId = sourceVersionId,
    };

    public static ConfigVersionInfo ToInfo(ConfigVersionRow row) => new()
    {
        Id = row.Id, PackageName = row.PackageName, PackageVersion = row.PackageVersion, Status = ConfigVersionStatuses.Parse(row.Status),
        CreatedAt = Utc(row.CreatedAt), CreatedBy = row.CreatedBy, PublishedAt = row.PublishedAt is { } at ? Utc(at) : null,
        PublishedBy = row.PublishedBy, SourceVersionId = row.SourceVersionId, DiffSummary = row.DiffSummary,
    };

    public static ConfigVersion ToVersion(ConfigVersionRow row) => new()
    {
        Id = row.Id, PackageName = row.PackageName, PackageVersion = row.PackageVersion, Status = ConfigVersionStatuses.Parse(row.Status),
        CreatedAt = Utc(row.CreatedAt), CreatedBy = row.CreatedBy, PublishedAt = row.PublishedAt is { } at ? Utc(at) : null,
        PublishedBy = row.PublishedBy, SourceVersionId = row.SourceVersionId, DiffSummary = row.DiffSummary,
        Files = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Files) ?? [],
    };

    private static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}
