using FunnelStudio.Storage.Sql;
using Microsoft.Data.Sqlite;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>A SQLite file in a temporary folder, deleted afterwards.</summary>
public sealed class SqliteDatabase : StorageDatabase
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "funnelstudio-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public override StorageProvider Provider => StorageProvider.Sqlite;

    // A sub-folder that does not exist yet: AddFunnelStudioStorage must create it.
    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult($"Data Source={Path.Combine(_folder, "data", "funnelstudio.db")}");

    protected override Task DropDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
