using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage;

/// <summary>Which database FunnelStudio uses, read from configuration by <c>AddFunnelStudioStorage</c>.</summary>
public sealed record FunnelStudioStorageOptions(StorageProvider Provider, string ConnectionString)
{
    public const string ProviderKey = "FunnelStudio:Database:Provider";
    public const string ConnectionStringName = "FunnelStudio";
    public const string DefaultSqliteConnectionString = "Data Source=data/funnelstudio.db";
}
