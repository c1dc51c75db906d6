using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage;

/// <summary>Which database FunnelStudio uses, read from configuration by <c>AddFunnelStudioStorage</c>.</summary>
public sealed record FunnelStudioStorageOptions(StorageProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "FunnelStudio:Database:Provider";
    public const string ConnectionStringName = "FunnelStudio";
    public const string DefaultSqliteConnectionString = "Data Source=data/funnelstudio.db";
    public const string MaxQueuedCreatesKey = "FunnelStudio:Database:MaxQueuedCreates";
    public const int DefaultMaxQueuedCreates = 1000;

    /// <summary>
    /// How many creates may wait for a batch on PostgreSQL while every batch slot is busy; one more
    /// is refused at once (<see cref="Saving.StoreOverloadedException"/>, HTTP 503). The default is
    /// well under a second of work at the measured create rates.
    /// </summary>
    public int MaxQueuedCreates { get; init; } = DefaultMaxQueuedCreates;
}
