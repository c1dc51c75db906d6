using System.Data.Common;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>Writes to <c>analytics_day_rollups</c> inside a transaction the caller holds: rows in, rows of a grain out.</summary>
internal static class RollupTable
{
    /// <summary>Values per IN list: well under SQLite's and PostgreSQL's parameter limits.</summary>
    internal const int Chunk = 500;

    /// <summary>Deletes the rows of one owner (null: the rows without an owner) and grain on <paramref name="days"/>.</summary>
    public static async Task DeleteAsync(StoreSession session, DbTransaction transaction, string obj, string? owner, short grain,
        IReadOnlyCollection<int> days, CancellationToken cancellationToken)
    {
        foreach (var chunk in days.Chunk(Chunk))
        {
            var delete = session.Command(transaction);
            delete.Append($"DELETE FROM analytics_day_rollups WHERE object = {delete.Param(obj)} AND grain = {grain} AND ")
                  .Append(owner is null ? "owner_id IS NULL" : $"owner_id = {delete.Param(owner)}")
                  .Append($" AND day IN ({string.Join(", ", chunk.Select(d => delete.Param(d)))})");
            await delete.Build().ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Rows in the order of the index (object, owner, kind, grain, day), the rows without an owner last: a figure's rows lie together on disk.</summary>
    public static List<DayRollupRow> InIndexOrder(List<DayRollupRow> rows) =>
        rows.OrderBy(r => r.OwnerId is null).ThenBy(r => r.OwnerId, StringComparer.Ordinal).ThenBy(r => r.Kind).ThenBy(r => r.Grain)
            .ThenBy(r => r.Day).ThenBy(r => r.Stage, StringComparer.Ordinal).ToList();

    /// <summary>
    /// Writes rows inside the open transaction: binary COPY on PostgreSQL (a first build writes millions), the
    /// context in chunks on SQLite.
    /// </summary>
    public static async Task InsertAsync(StoreSession session, StorageProvider provider, List<DayRollupRow> rows, CancellationToken cancellationToken)
    {
        if (provider == StorageProvider.Postgres)
        {
            var connection = (Npgsql.NpgsqlConnection)session.Db.Database.GetDbConnection();
            await using var copy = await connection.BeginBinaryImportAsync(
                "COPY analytics_day_rollups (object, owner_id, day, grain, kind, stage, count, amount_sum, amount_count, value_sum, samples, bounded) " +
                "FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Object, NpgsqlTypes.NpgsqlDbType.Varchar, cancellationToken);
                if (row.OwnerId is { } owner) await copy.WriteAsync(owner, NpgsqlTypes.NpgsqlDbType.Varchar, cancellationToken);
                else await copy.WriteNullAsync(cancellationToken);
                await copy.WriteAsync(row.Day, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
                await copy.WriteAsync(row.Grain, NpgsqlTypes.NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(row.Kind, NpgsqlTypes.NpgsqlDbType.Smallint, cancellationToken);
                await copy.WriteAsync(row.Stage, NpgsqlTypes.NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(row.Count, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                if (row.AmountSum is { } amount) await copy.WriteAsync(amount, NpgsqlTypes.NpgsqlDbType.Numeric, cancellationToken);
                else await copy.WriteNullAsync(cancellationToken);
                await copy.WriteAsync(row.AmountCount, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.ValueSum, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
                await WriteBytesAsync(copy, row.Values, cancellationToken);
                await WriteBytesAsync(copy, row.Bounded, cancellationToken);
            }
            await copy.CompleteAsync(cancellationToken);
            return;
        }
        foreach (var chunk in rows.Chunk(5000))
        {
            session.Db.AddRange(chunk);
            await session.Db.SaveChangesAsync(cancellationToken);
            session.Db.ChangeTracker.Clear();
        }
    }

    private static async Task WriteBytesAsync(Npgsql.NpgsqlBinaryImporter copy, byte[]? bytes, CancellationToken cancellationToken)
    {
        if (bytes is null) await copy.WriteNullAsync(cancellationToken);
        else await copy.WriteAsync(bytes, NpgsqlTypes.NpgsqlDbType.Bytea, cancellationToken);
    }
}
