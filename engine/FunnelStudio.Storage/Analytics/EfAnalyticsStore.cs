using System.Data.Common;
using FunnelStudio.Analytics;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Analytics;

/// <summary>
/// <see cref="IAnalyticsStore"/> over <c>records</c> and <c>stage_history</c>: one statement per
/// figure, built from the sets of <see cref="AnalyticsSql"/>. Every statement runs under the scope's
/// time limit; one that runs longer is cancelled and reported as <see cref="AnalyticsErrors.Timeout"/>.
/// </summary>
public sealed class EfAnalyticsStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options) : IAnalyticsStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public Task<IReadOnlyList<PeriodKpiRow>> PeriodKpisAsync(AnalyticsScope scope, IReadOnlyList<Period> periods, CancellationToken cancellationToken) =>
        periods.Count == 0 ? Task.FromResult<IReadOnlyList<PeriodKpiRow>>([]) : RunAsync(scope, (sets, sql) =>
        {
            sql.Append($"WITH {sets.Periods(periods)}, {sets.Base()}, {sets.Closings()}, ")
               .Append("cr AS (SELECT p.i, b.k, COUNT(*) AS n FROM b JOIN p ON b.created_at >= p.s AND b.created_at < p.e GROUP BY p.i, b.k), ")
               .Append($"c AS (SELECT i, k, CASE WHEN to_stage IN {sets.WonStages} THEN 1 ELSE 0 END AS won, amount, d FROM cl WHERE rn = 1), ")
               .Append($"ag AS (SELECT i, k, SUM(won) AS won, SUM(1 - won) AS lost, {_dialect.SumAmount("CASE WHEN won = 1 THEN amount END")} AS won_amount, ")
               .Append("ROUND(AVG(CASE WHEN won = 1 THEN amount END), 4) AS avg_amount, AVG(CASE WHEN won = 1 THEN d END) AS cycle_mean FROM c GROUP BY i, k), ")
               .Append($"{sets.Percentiles("md", "c", "won = 1", "i, k", "d", ("cycle_median", 1, 2))}, ")
               .Append("ks AS (SELECT i, k FROM cr UNION SELECT i, k FROM ag) ")
               .Append("SELECT ks.i, ks.k, COALESCE(cr.n, 0), COALESCE(ag.won, 0), COALESCE(ag.lost, 0), ag.won_amount, ag.avg_amount, md.cycle_median, ag.cycle_mean ")
               .Append("FROM ks LEFT JOIN cr ON cr.i = ks.i AND cr.k = ks.k LEFT JOIN ag ON ag.i = ks.i AND ag.k = ks.k ")
               .Append("LEFT JOIN md ON md.i = ks.i AND md.k = ks.k");
        }, r => new PeriodKpiRow(Convert.ToInt32(r.GetValue(0)), Split(scope, r, 1), Long(r, 2), Long(r, 3), Long(r, 4),
            Decimal(r, 5), Decimal(r, 6), Double(r, 7), Double(r, 8)), cancellationToken);

    public Task<IReadOnlyList<StageCountRow>> FunnelAsync(AnalyticsScope scope, Period period, FunnelMode mode, CancellationToken cancellationToken) =>
        RunAsync(scope, (sets, sql) =>
        {
            var amount = _dialect.SumAmount("c.amount");
            if (mode == FunnelMode.Period)
                // With an owner filter, the owner's copy on the moves lets the database read that owner's
                // moves of the period by index rather than the period's whole history.
                sql.Append($"WITH {sets.Base()}, ")
                   .Append($"c AS (SELECT DISTINCT b.k, b.id, b.amount, h.to_stage FROM b JOIN stage_history h ON h.record_id = b.id ")
                   .Append($"WHERE h.object = '{scope.Object}' AND {sets.Within("h.at", period)}{sets.HistoryOwners()}) ")
                   .Append($"SELECT c.k, c.to_stage, COUNT(*), {amount} FROM c GROUP BY c.k, c.to_stage");
            else
                sql.Append($"WITH {sets.Stages(period.End)}, {sets.Base()}, ")
                   .Append($"co AS (SELECT b.id, b.k, b.stage, b.amount FROM b WHERE {sets.Within("b.created_at", period)}), {sets.Reach("co")} ")
                   .Append($"SELECT c.k, st.name, COUNT(*), {amount} FROM co c JOIN rc ON rc.id = c.id JOIN st ON st.kind <> 2 AND st.idx <= rc.reach GROUP BY c.k, st.name ")
                   .Append($"UNION ALL SELECT c.k, c.stage, COUNT(*), {amount} FROM co c JOIN st ON st.name = c.stage AND st.kind = 2 GROUP BY c.k, c.stage");
        }, r => new StageCountRow(Split(scope, r, 0), r.GetString(1), Long(r, 2), Decimal(r, 3)), cancellationToken);

    public Task<IReadOnlyList<StageTimeRow>> TimeInStageAsync(AnalyticsScope scope, Period period, CancellationToken cancellationToken) =>
        RunAsync(scope, (sets, sql) =>
        {
            sql.Append($"WITH {sets.Base()}, ")
               .Append("m AS (SELECT b.k, h.from_stage AS stage, h.record_id, h.seconds_in_previous_stage / 86400.0 AS d ")
               .Append($"FROM stage_history h JOIN b ON b.id = h.record_id WHERE h.object = '{scope.Object}' AND h.from_stage IS NOT NULL AND {sets.Within("h.at", period)}{sets.HistoryOwners()}), ")
               .Append($"{sets.Percentiles("q", "m", "d IS NOT NULL", "k, stage", "d", ("median", 1, 2), ("p75", 3, 4))}, ")
               .Append("rs AS (SELECT k, stage, COUNT(DISTINCT record_id) AS n FROM m GROUP BY k, stage) ")
               .Append("SELECT rs.k, rs.stage, rs.n, q.median, q.p75 FROM rs LEFT JOIN q ON q.k = rs.k AND q.stage = rs.stage");
        }, r => new StageTimeRow(Split(scope, r, 0), r.GetString(1), Long(r, 2), Double(r, 3), Double(r, 4)), cancellationToken);

    public Task<IReadOnlyList<OpenStageRow>> OpenPipelineAsync(AnalyticsScope scope, DateTime now, CancellationToken cancellationToken) =>
        RunAsync(scope, (sets, sql) =>
        {
            // A group is one stage, so the weighted amount is its amount times the stage's probability, taken once
            // per group. 100.0, not 100: SQLite divides two integers as integers, and a whole amount is stored as
            // one (4370 × 25 / 100 gave 1092, not 1092.5).
            sql.Append($"WITH {sets.Stages(now)}, {sets.Base()} ")
               .Append($"SELECT b.k, b.stage, COUNT(*), {_dialect.SumAmount("b.amount")}, {_dialect.SumAmount("b.amount", "MIN(st.prob) / 100.0")}, ")
               .Append("SUM(CASE WHEN COALESCE(b.stage_entered_at, b.created_at) < st.cutoff THEN 1 ELSE 0 END) ")
               .Append("FROM b JOIN st ON st.name = b.stage AND st.kind = 0 GROUP BY b.k, b.stage");
        }, r => new OpenStageRow(Split(scope, r, 0), r.GetString(1), Long(r, 2), Decimal(r, 3), Decimal(r, 4), Long(r, 5)), cancellationToken,
        // The open records by stage: the covering index answers it whatever the owners hold, so any plan PostgreSQL
        // picks for the prepared statement will do, and the query needs no transaction for the setting (two round
        // trips fewer per dashboard).
        customPlans: false);

    public async Task<DrillPage> DrillAsync(AnalyticsScope scope, DrillQuery query, CancellationToken cancellationToken)
    {
        var total = (await RunAsync(scope, (sets, sql) =>
            sql.Append($"WITH {DrillSets.With(sets, scope, query)} SELECT COUNT(*) FROM ids"), r => Long(r, 0), cancellationToken))[0];
        var offset = (long)(query.Page - 1) * query.PageSize;
        var items = await RunAsync(scope, (sets, sql) =>
            sql.Append($"WITH {DrillSets.With(sets, scope, query)} ")
               .Append("SELECT r.id, r.title, r.stage, r.owner_id, r.amount, r.created_at FROM ids JOIN records r ON r.id = ids.id ")
               .Append($"ORDER BY r.created_at DESC, r.id LIMIT {query.PageSize} OFFSET {offset}"),
            r => new DrillRow(r.GetGuid(0), Text(r, 1), Text(r, 2), Text(r, 3), Decimal(r, 4), AnalyticsSql.Utc(r.GetDateTime(5))), cancellationToken);
        return new DrillPage(items, total, query.Page, query.PageSize);
    }

    private async Task<IReadOnlyList<T>> RunAsync<T>(AnalyticsScope scope, Action<AnalyticsSql, SqlCommandBuilder> build,
        Func<DbDataReader, T> read, CancellationToken cancellationToken, bool customPlans = true)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        using var limit = StatementLimit.Start(session.Db.Database.GetDbConnection(), scope.Timeout, cancellationToken);
        try
        {
            // Read-only: the transaction only scopes the planner setting, and is rolled back on disposal.
            var setting = customPlans ? _dialect.CustomPlansOnly : null;
            await using var transaction = setting is null ? null : await session.Db.Database.GetDbConnection().BeginTransactionAsync(limit.Token);
            if (setting is not null) await session.Command(transaction).Append(setting).Build().ExecuteNonQueryAsync(limit.Token);
            var sql = session.Command(transaction);
            build(new AnalyticsSql(_dialect, sql, scope), sql);
            sql.Command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(scope.Timeout.TotalSeconds));
            var rows = new List<T>();
            await using var reader = await sql.Build().ExecuteReaderAsync(limit.Token);
            while (await reader.ReadAsync(limit.Token)) rows.Add(read(reader));
            limit.ThrowIfExpired(cancellationToken);
            return rows;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (limit.Expired(cancellationToken) || IsTimeout(e)))
        {
            throw new AnalyticsException(AnalyticsErrors.Timeout,
                $"The figures took longer than {scope.Timeout.TotalSeconds:0} s to compute; narrow the period or the filters.");
        }
    }

    internal static bool IsTimeout(Exception e) =>
        e is TimeoutException || e.InnerException is TimeoutException
        || e is Npgsql.PostgresException { SqlState: "57014" };

    /// <summary>The split key, or null when the scope does not split (its key is then always '').</summary>
    private static string? Split(AnalyticsScope scope, DbDataReader r, int i) => scope.SplitBy is null ? null : Text(r, i) ?? "";

    private static string? Text(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    private static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    private static double? Double(DbDataReader r, int i) => r.IsDBNull(i) ? null : Convert.ToDouble(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);

    private static decimal? Decimal(DbDataReader r, int i) => r.IsDBNull(i)
        ? null
        : Math.Round(Convert.ToDecimal(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture), 4);
}
