using Npgsql;

namespace FunnelStudio.Storage.Tests.Fixtures;

/// <summary>
/// Watching and steering a test database's sessions from a direct connection: hold a table lock,
/// wait for sessions blocked behind it, terminate them. Waits poll for a condition (never a fixed
/// sleep) and fail with what they saw after a generous limit.
/// </summary>
public static class PostgresSessions
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>Locks <paramref name="table"/> against writes (reads go on) until the returned lock is disposed.</summary>
    public static async Task<TableLock> LockAsync(string connectionString, string table)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        // The table name is a constant of the test, not a value.
        await using (var command = new NpgsqlCommand($"LOCK TABLE {table} IN EXCLUSIVE MODE", connection, transaction))
            await command.ExecuteNonQueryAsync();
        return new TableLock(connection, transaction);
    }

    /// <summary>
    /// Waits until <paramref name="count"/> sessions whose current statement starts with
    /// <paramref name="statement"/> wait for a lock (none of <paramref name="except"/>); returns their pids.
    /// </summary>
    public static async Task<IReadOnlyList<int>> WaitForBlockedAsync(string connectionString, string statement, int count,
        IReadOnlyCollection<int>? except = null)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            var blocked = (await BlockedAsync(connectionString, statement)).Where(pid => except?.Contains(pid) != true).ToList();
            if (blocked.Count == count) return blocked;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Expected {count} sessions blocked in '{statement}', saw {blocked.Count}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until none of <paramref name="pids"/> is a session any more.</summary>
    public static async Task WaitForGoneAsync(string connectionString, IReadOnlyCollection<int> pids)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (true)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(@pids)", connection);
            command.Parameters.AddWithValue("pids", pids.ToArray());
            var left = (long)(await command.ExecuteScalarAsync())!;
            if (left == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{left} of the sessions {string.Join(", ", pids)} are still there.");
            await Task.Delay(20);
        }
    }

    /// <summary>Ends the sessions as an administrator would (<c>pg_terminate_backend</c>).</summary>
    public static async Task TerminateAsync(string connectionString, IReadOnlyCollection<int> pids)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT bool_and(pg_terminate_backend(pid)) FROM unnest(@pids) AS pid", connection);
        command.Parameters.AddWithValue("pids", pids.ToArray());
        Assert.True((bool)(await command.ExecuteScalarAsync())!, "every session was terminated");
        await WaitForGoneAsync(connectionString, pids);
    }

    private static async Task<List<int>> BlockedAsync(string connectionString, string statement)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() " +
            "AND wait_event_type = 'Lock' AND starts_with(query, @statement) ORDER BY pid", connection);
        command.Parameters.AddWithValue("statement", statement);
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) pids.Add(reader.GetInt32(0));
        return pids;
    }

    /// <summary>A table lock held in an open transaction; disposing it commits and so releases it.</summary>
    public sealed class TableLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        private bool _released;

        public async ValueTask DisposeAsync()
        {
            if (_released) return;
            _released = true;
            await transaction.CommitAsync();
            await connection.DisposeAsync();
        }
    }
}
