using System.Text.Json;
using Npgsql;

namespace FunnelStudio.Benchmarks.Load;

/// <summary>
/// The baseline: one parameterised INSERT per request of the row an API create stores (same
/// columns, same JSON values), into a table made <c>LIKE records INCLUDING ALL</c> — same column
/// types and the same indexes, field expression indexes included — through Npgsql with no ORM,
/// no HTTP and no transaction around it.
/// </summary>
internal static class RawInsert
{
    public static async Task<LoadSummary> RunAsync(string connectionString, string ownerId, DateTime today, int concurrency,
        TimeSpan duration, TimeSpan warmup, CpuMeter cpu, double? rate = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = concurrency + 4 };
        await using var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var setup = source.CreateCommand(
            "DROP TABLE IF EXISTS load_baseline; CREATE TABLE load_baseline (LIKE records INCLUDING ALL)"))
            await setup.ExecuteNonQueryAsync();
        try
        {
            return await LoadWorkers.RunAsync("Raw Npgsql INSERT of the same row (baseline)", concurrency, int.MaxValue, duration, async n =>
            {
                var values = DealBodies.Values(n, today);
                values.Remove("stage");
                values["owner"] = ownerId;
                values["deal_no"] = $"DEAL-{n:0000}";
                var now = DateTime.UtcNow;
                await using var command = source.CreateCommand(
                    "INSERT INTO load_baseline (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, updated_by, " +
                    "stage_entered_at, version, deleted, config_version) VALUES ($1, 'deal', $2, $3, $4, $5::jsonb, $6, $6, $3, $3, $6, 1, FALSE, 1)");
                command.Parameters.AddWithValue(Guid.NewGuid());
                command.Parameters.AddWithValue(DealBodies.Stage(n));
                command.Parameters.AddWithValue(ownerId);
                command.Parameters.AddWithValue((string)values["name"]);
                command.Parameters.AddWithValue(JsonSerializer.Serialize(values));
                command.Parameters.AddWithValue(now);
                return await command.ExecuteNonQueryAsync() == 1;
            }, warmup, cpu, rate);
        }
        finally
        {
            await using var drop = source.CreateCommand("DROP TABLE IF EXISTS load_baseline");
            await drop.ExecuteNonQueryAsync();
        }
    }
}
