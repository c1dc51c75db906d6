using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// Writes the generated deals into a migrated database with COPY (binary import): the records first, then
/// their stage history (its foreign key needs the records committed), then <c>VACUUM (ANALYZE)</c>: the
/// visibility map a running database gets from autovacuum (an insert-only table is vacuumed after
/// <c>autovacuum_vacuum_insert_threshold</c> rows too), without which no index-only scan is possible.
/// </summary>
internal static class PostgresSeed
{
    public static async Task<(long Records, long Moves)> WriteAsync(string connectionString, DealHistory history, DealShape shape,
        int deals, long configVersion)
    {
        // A million rows take minutes on a busy machine: no command timeout, none for completing a COPY either.
        await using var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString);
        long moves = 0;
        await using (var connection = await source.OpenConnectionAsync())
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY records (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, updated_by, " +
            "stage_entered_at, version, deleted, config_version, amount) FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = TimeSpan.FromHours(1);
            for (var i = 0; i < deals; i++)
            {
                var deal = history.Get(i);
                var last = deal.Last;
                await copy.StartRowAsync();
                await copy.WriteAsync(deal.Id, NpgsqlDbType.Uuid);
                await copy.WriteAsync(shape.Object, NpgsqlDbType.Varchar);
                await copy.WriteAsync(last.To, NpgsqlDbType.Varchar);
                await copy.WriteAsync(deal.Owner, NpgsqlDbType.Varchar);
                await copy.WriteAsync($"Deal {i}", NpgsqlDbType.Varchar);
                await copy.WriteAsync(Values(deal, shape), NpgsqlDbType.Jsonb);
                await copy.WriteAsync(deal.CreatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(last.At, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(deal.Owner, NpgsqlDbType.Varchar);
                await copy.WriteAsync(deal.Owner, NpgsqlDbType.Varchar);
                await copy.WriteAsync(last.At, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync((long)deal.Moves.Count, NpgsqlDbType.Bigint);
                await copy.WriteAsync(deal.Deleted, NpgsqlDbType.Boolean);
                await copy.WriteAsync(configVersion, NpgsqlDbType.Bigint);
                await WriteNullableAsync(copy, deal.Amount, NpgsqlDbType.Numeric);
                moves += deal.Moves.Count;
            }
            await copy.CompleteAsync();
        }
        await using (var connection = await source.OpenConnectionAsync())
        await using (var copy = await connection.BeginBinaryImportAsync(
            // owner_id written here, as the save path's trigger would have filled it (and the trigger then does not run).
            "COPY stage_history (record_id, object, from_stage, to_stage, at, \"by\", seconds_in_previous_stage, amount, owner_id) FROM STDIN (FORMAT BINARY)"))
        {
            copy.Timeout = TimeSpan.FromHours(1);
            for (var i = 0; i < deals; i++)
            {
                var deal = history.Get(i);
                foreach (var move in deal.Moves)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(deal.Id, NpgsqlDbType.Uuid);
                    await copy.WriteAsync(shape.Object, NpgsqlDbType.Varchar);
                    await WriteNullableAsync(copy, move.From, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(move.To, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(move.At, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(deal.Owner, NpgsqlDbType.Varchar);
                    await WriteNullableAsync(copy, move.SecondsInPrevious, NpgsqlDbType.Double);
                    await WriteNullableAsync(copy, move.Amount, NpgsqlDbType.Numeric);
                    await copy.WriteAsync(deal.Owner, NpgsqlDbType.Varchar);
                }
            }
            await copy.CompleteAsync();
        }
        await using (var analyze = source.CreateCommand("VACUUM (ANALYZE) records, stage_history"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync();
        }
        return (deals, moves);
    }

    /// <summary>The record's field values as the save path stores them (JSON object by field name).</summary>
    public static string Values(Deal deal, DealShape shape)
    {
        var values = new Dictionary<string, object?> { [shape.AmountField] = deal.Amount };
        if (deal.Picklist is not null) values[shape.PicklistField] = deal.Picklist;
        return JsonSerializer.Serialize(values);
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v) await copy.WriteAsync(v, type);
        else await copy.WriteNullAsync();
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null) await copy.WriteNullAsync();
        else await copy.WriteAsync(value, type);
    }
}
