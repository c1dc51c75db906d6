namespace FunnelStudio.Versions;

public interface ISchemaMigration { Task ApplyAsync(SchemaPlan plan, long versionId, string? userId, CancellationToken ct); }
