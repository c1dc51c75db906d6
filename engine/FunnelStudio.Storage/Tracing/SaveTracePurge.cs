using Microsoft.Extensions.Logging;

namespace FunnelStudio.Storage.Tracing;

/// <summary>Deletes save traces older than <see cref="SaveTraceOptions.KeepDays"/>, hourly.</summary>
public sealed class SaveTracePurge(EfSaveTraceStore store, ILogger<SaveTracePurge> logger) : HourlyPurge(logger, "old save traces")
{
    protected override Task<int> PurgeAsync(CancellationToken cancellationToken) => store.PurgeAsync(cancellationToken);
}
