using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Metadata;
using FunnelStudio.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// The baseline: the dashboard's numbers (what <see cref="IAnalyticsService.KpisAsync"/> and the period-mode
/// <see cref="IAnalyticsService.FunnelAsync"/> show for one owner) written by hand in the most direct PostgreSQL —
/// DISTINCT ON for the last closing, FILTER clauses, percentile_cont, arrays for the stage lists — sent as one batch
/// of four statements. Stage and object names come from the package (parameters), nothing is assumed. Connections
/// come from the same pool the store uses (a context's connection from the same context factory).
/// </summary>
internal sealed class HandSql(IDbContextFactory<FunnelStudioDbContext> contexts, DealShape shape, IReadOnlyList<ScopeStage> stages)
{
    private const string Owned = "r.object = $1 AND NOT r.deleted AND r.owner_id = $2";

    /// <summary>
    /// The owner again on the moves (their copy of the record's owner, which the service filters on too),
    /// so that both sides read the same rows through the same index: the ratio compares the SQL, not the schema.
    /// </summary>
    private const string HistoryOwned = "h.owner_id = $2";

    public async Task<Figures> DashboardAsync(string owner, Period period, DateTime now, CancellationToken cancellationToken)
    {
        var previous = period.Previous;
        var open = stages.Where(s => s.Terminal == StageTerminal.None).ToList();
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        void Add(string sql)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            command.Parameters.Add(new NpgsqlParameter { Value = shape.Object });
            command.Parameters.Add(new NpgsqlParameter { Value = owner });
            command.Parameters.Add(new NpgsqlParameter { Value = period.Start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = period.End, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = previous.Start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            command.Parameters.Add(new NpgsqlParameter { Value = stages.Where(s => s.Terminal == StageTerminal.Won).Select(s => s.Name).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = stages.Where(s => s.Terminal != StageTerminal.None).Select(s => s.Name).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = open.Select(s => s.Name).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = open.Select(s => s.Probability).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = open.Select(s => now.AddDays(-s.StalledAfterDays)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }
        // $3 = start, $4 = end of the period; $5 = start of the previous one (which ends at $3).
        Add($"""
            SELECT COUNT(*) FILTER (WHERE r.created_at >= $3 AND r.created_at < $4),
                   COUNT(*) FILTER (WHERE r.created_at >= $5 AND r.created_at < $3)
            FROM records r WHERE {Owned}
            """);
        Add($"""
            SELECT per, COUNT(*) FILTER (WHERE won), COUNT(*) FILTER (WHERE NOT won), SUM(amount) FILTER (WHERE won),
                   AVG(amount) FILTER (WHERE won), percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FILTER (WHERE won),
                   AVG(d) FILTER (WHERE won)
            FROM (SELECT DISTINCT ON (h.record_id, per) per, h.to_stage = ANY($6) AS won, h.amount,
                         EXTRACT(EPOCH FROM h.at - r.created_at)::float8 / 86400 AS d
                  FROM records r JOIN stage_history h ON h.record_id = r.id
                  CROSS JOIN LATERAL (SELECT CASE WHEN h.at >= $3 THEN 0 ELSE 1 END AS per) x
                  WHERE {Owned} AND {HistoryOwned} AND h.to_stage = ANY($7) AND h.at >= $5 AND h.at < $4
                  ORDER BY h.record_id, per, h.at DESC, h.id DESC) c
            GROUP BY per
            """);
        Add($"""
            SELECT h.from_stage, COUNT(DISTINCT h.record_id),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY h.seconds_in_previous_stage / 86400),
                   percentile_cont(0.75) WITHIN GROUP (ORDER BY h.seconds_in_previous_stage / 86400)
            FROM records r JOIN stage_history h ON h.record_id = r.id
            WHERE {Owned} AND {HistoryOwned} AND h.from_stage = ANY($8) AND h.at >= $3 AND h.at < $4
            GROUP BY h.from_stage
            """);
        Add($"""
            SELECT 'open', r.stage, COUNT(*), SUM(r.amount), SUM(r.amount * st.prob / 100),
                   COUNT(*) FILTER (WHERE COALESCE(r.stage_entered_at, r.created_at) < st.cutoff)
            FROM records r JOIN unnest($8, $9, $10) AS st(name, prob, cutoff) ON st.name = r.stage
            WHERE {Owned} GROUP BY r.stage
            UNION ALL
            SELECT 'funnel', to_stage, COUNT(*), SUM(amount), NULL, NULL
            FROM (SELECT DISTINCT h.record_id, h.to_stage, r.amount FROM records r JOIN stage_history h ON h.record_id = r.id
                  WHERE {Owned} AND {HistoryOwned} AND h.at >= $3 AND h.at < $4) e
            GROUP BY to_stage
            """);

        var figures = new Figures();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        figures.Kpis(0).Created = reader.GetInt64(0);
        figures.Kpis(1).Created = reader.GetInt64(1);
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var kpis = figures.Kpis(reader.GetInt32(0));
            kpis.Won = reader.GetInt64(1);
            kpis.Lost = reader.GetInt64(2);
            kpis.WonAmount = Dec(reader, 3);
            kpis.Average = Dec(reader, 4);
            kpis.CycleMedian = Dbl(reader, 5);
            kpis.CycleMean = Dbl(reader, 6);
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            figures.Times[reader.GetString(0)] = (reader.GetInt64(1), Dbl(reader, 2), Dbl(reader, 3));
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.GetString(0) == "open")
                figures.Open[reader.GetString(1)] = (reader.GetInt64(2), Dec(reader, 3), Dec(reader, 4), reader.GetInt64(5));
            else figures.Funnel[reader.GetString(1)] = (reader.GetInt64(2), Dec(reader, 3));
        }
        return figures;
    }

    /// <summary>The report by hand: records created in the period per calendar month (UTC) and current stage, count and sum of the amount.</summary>
    public async Task<IReadOnlyList<string>> ReportAsync(Period period, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)context.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT date_trunc('month', r.created_at AT TIME ZONE 'UTC'), r.stage, COUNT(*), SUM(r.amount)
            FROM records r WHERE r.object = $1 AND NOT r.deleted AND r.created_at >= $2 AND r.created_at < $3
            GROUP BY 1, 2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = shape.Object });
        command.Parameters.Add(new NpgsqlParameter { Value = period.Start, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = period.End, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(ReportRow(reader.GetDateTime(0), reader.GetString(1), reader.GetInt64(2), Dec(reader, 3)));
        return rows.Order(StringComparer.Ordinal).ToList();
    }

    // 0.#### and not the decimal's own scale: PostgreSQL's SUM and the runner's value may carry different trailing zeros.
    public static string ReportRow(DateTime month, string stage, long count, decimal? amount) =>
        string.Create(CultureInfo.InvariantCulture, $"{month:yyyy-MM} {stage} {count} {Math.Round(amount ?? 0, 4):0.####}");

    private static decimal? Dec(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : Math.Round(r.GetDecimal(i), 4);
    private static double? Dbl(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
}
