using System.Data.Common;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// Writes the generated deals into a migrated SQLite database: one transaction, two prepared INSERTs (records, stage
/// history) run once per row, parameters made with EF's type mappings so GUIDs and timestamps are stored as EF stores
/// them; then <c>ANALYZE</c>.
/// </summary>
internal static class SqliteSeed
{
    public static async Task<long> WriteAsync(IDbContextFactory<FunnelStudioDbContext> contexts, DealHistory history, DealShape shape,
        int deals, long configVersion)
    {
        await using var context = await contexts.CreateDbContextAsync();
        var mappings = context.GetService<IRelationalTypeMappingSource>();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var records = Command(connection, transaction,
            "INSERT INTO records (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, updated_by, " +
            "stage_entered_at, version, deleted, config_version, amount) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)");
        await using var moves = Command(connection, transaction,
            "INSERT INTO stage_history (record_id, object, from_stage, to_stage, at, \"by\", seconds_in_previous_stage, amount, owner_id) " +
            "VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)");
        long written = 0;
        for (var i = 0; i < deals; i++)
        {
            var deal = history.Get(i);
            var last = deal.Last;
            Bind(records, mappings, deal.Id, shape.Object, last.To, deal.Owner, $"Deal {i}", PostgresSeed.Values(deal, shape), deal.CreatedAt,
                last.At, deal.Owner, deal.Owner, (DateTime?)last.At, (long)deal.Moves.Count, deal.Deleted, configVersion, deal.Amount);
            await records.ExecuteNonQueryAsync();
            foreach (var move in deal.Moves)
            {
                Bind(moves, mappings, deal.Id, shape.Object, move.From, move.To, move.At, deal.Owner, move.SecondsInPrevious, move.Amount, deal.Owner);
                await moves.ExecuteNonQueryAsync();
                written++;
            }
        }
        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
        return written;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>Fresh parameters per row (EF's mappings convert the value as they make the parameter); the statement stays prepared.</summary>
    private static void Bind(DbCommand command, IRelationalTypeMappingSource mappings, params object?[] values)
    {
        command.Parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            var value = values[i];
            var mapping = value is null ? mappings.FindMapping(typeof(string))! : mappings.FindMapping(value.GetType())!;
            command.Parameters.Add(mapping.CreateParameter(command, $"@p{i}", value, nullable: true));
        }
    }
}
