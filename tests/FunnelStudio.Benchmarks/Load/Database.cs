using Npgsql;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>Direct PostgreSQL chores of the load run.</summary>
internal static class Database
{
    /// <summary>
    /// After the fill: what autovacuum would do shortly anyway (visibility map, statistics), done now
    /// so that its catch-up does not land inside the first read scenario's measurement.
    /// </summary>
    public static async Task VacuumAsync(string connectionString)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var command = source.CreateCommand("VACUUM (ANALYZE)");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }
}
