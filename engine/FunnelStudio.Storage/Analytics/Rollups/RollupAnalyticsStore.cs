using System.Data;
using System.Data.Common;
using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// <see cref="IAnalyticsStore"/> that answers the period figures (KPIs and trends, the period funnel, time in
/// stage) from the per-day rollups where it can, and hands everything else to <see cref="EfAnalyticsStore"/>:
/// picklist filters or splits (not in the rollups), cohort funnels, the open pipeline and drill-downs (read
/// from the records as they are now), an object whose rollups are not built for this zone and these terminal
/// stages, or a request that would leave more than <see cref="DayRollupOptions.MaxRawDays"/> to read raw.
/// The stored days, the marks and the raw facts are read in one snapshot, so a save that lands meanwhile is
/// either wholly in the figures or wholly out of them — the same numbers as the SQL, only sooner.
/// </summary>
public sealed class RollupAnalyticsStore(EfAnalyticsStore history, IDbContextFactory<FunnelStudioDbContext> contexts,
    FunnelStudioStorageOptions storage, IOptions<AnalyticsOptions> analytics, DayRollupOptions options) : IAnalyticsStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(storage.Provider);

    public async Task<IReadOnlyList<PeriodKpiRow>> PeriodKpisAsync(AnalyticsScope scope, IReadOnlyList<Period> periods, CancellationToken cancellationToken)
    {
        var won = scope.Stages.Where(s => s.Terminal == StageTerminal.Won).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        return await ReadAsync(scope, periods, [FactKind.Created, FactKind.Closing],
                   groups => RollupFold.PeriodKpis(groups, periods, scope.SplitBy is not null, won), cancellationToken)
               ?? await history.PeriodKpisAsync(scope, periods, cancellationToken);
    }

    public async Task<IReadOnlyList<StageCountRow>> FunnelAsync(AnalyticsScope scope, Period period, FunnelMode mode, CancellationToken cancellationToken) =>
        (mode == FunnelMode.Period
            ? await ReadAsync(scope, [period], [FactKind.Entered], groups => RollupFold.Entered(groups, period, scope.SplitBy is not null), cancellationToken)
            : null)
        ?? await history.FunnelAsync(scope, period, mode, cancellationToken);

    public async Task<IReadOnlyList<StageTimeRow>> TimeInStageAsync(AnalyticsScope scope, Period period, CancellationToken cancellationToken) =>
        await ReadAsync(scope, [period], [FactKind.Left], groups => RollupFold.TimeInStage(groups, period, scope.SplitBy is not null), cancellationToken)
        ?? await history.TimeInStageAsync(scope, period, cancellationToken);

    public Task<IReadOnlyList<OpenStageRow>> OpenPipelineAsync(AnalyticsScope scope, DateTime now, CancellationToken cancellationToken) =>
        history.OpenPipelineAsync(scope, now, cancellationToken);

    public Task<DrillPage> DrillAsync(AnalyticsScope scope, DrillQuery query, CancellationToken cancellationToken) =>
        history.DrillAsync(scope, query, cancellationToken);

    /// <summary>The terminal stage names as the rollup state records them.</summary>
    public static string Terminals(IEnumerable<string> names) => string.Join(",", names.Order(StringComparer.Ordinal));

    /// <summary>The figure computed from the rollups and raw facts, or null when the rollups cannot answer this scope.</summary>
    private async Task<IReadOnlyList<T>?> ReadAsync<T>(AnalyticsScope scope, IReadOnlyList<Period> periods, FactKind[] kinds,
        Func<IEnumerable<FactGroup>, List<T>> fold, CancellationToken cancellationToken)
    {
        if (!options.Enabled || periods.Count == 0 || scope.Fields.Count > 0
            || scope.SplitBy is not (null or AnalyticsScopes.OwnerSplit)) return null;
        var terminals = scope.Stages.Where(s => s.Terminal != StageTerminal.None).Select(s => s.Name).ToList();
        var zone = analytics.Value.TimeZone;
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var connection = session.Db.Database.GetDbConnection();
        using var limit = StatementLimit.Start(connection, scope.Timeout, cancellationToken);
        try
        {
            await using var transaction = storage.Provider == StorageProvider.Sqlite
                ? ((SqliteConnection)connection).BeginTransaction(deferred: true)
                : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, limit.Token);
            var plan = DayPlan.For(periods, new AnalyticsCalendar(analytics.Value.Zone));
            // One command, three results (the state, the marks, the stored days): one round trip in the snapshot.
            var sql = session.Command(transaction);
            sql.Append($"{StateColumns} WHERE object = {sql.Param(scope.Object)};\n");
            sql.Append($"SELECT DISTINCT at FROM analytics_rollup_marks WHERE object = {sql.Param(scope.Object)}");
            if (scope.Owners is { } owners) sql.Append(" AND " + OwnerIds(sql, owners));
            sql.Append(";\n");
            AppendRows(sql, scope, kinds, plan.MonthRanges().Select(m => (RollupGrain.Month, m.First, m.Last)).Concat(
                plan.DayRanges().Select(d => (RollupGrain.Day, d.First, d.Last))));
            List<FactGroup> groups;
            await using (var reader = await sql.Build().ExecuteReaderAsync(limit.Token))
            {
                if (!await BuiltAsync(reader, zone, Terminals(terminals))) return null;
                plan.Split(periods, await MarkedDaysAsync(reader, plan.Calendar));
                if (plan.RawDays > options.MaxRawDays) return null;
                await reader.NextResultAsync();
                groups = await StoredAsync(reader, plan);
            }
            if (plan.Unsplit.Count > 0)
            {
                // Months with a marked day: their other days come from their day rows, in the same snapshot.
                var days = session.Command(transaction);
                AppendRows(days, scope, kinds, plan.UnsplitDays().Select(d => (RollupGrain.Day, d.First, d.Last)));
                await using var reader = await days.Build().ExecuteReaderAsync(limit.Token);
                groups.AddRange(await StoredAsync(reader, plan));
            }
            if (plan.Raw.Count > 0)
                groups.AddRange((await new FactReader(_dialect, scope.Object, terminals).ReadAsync(session, transaction, scope.Owners, plan.Raw, limit.Token, kinds))
                    .Select(FactGroup.Of));
            limit.ThrowIfExpired(cancellationToken);
            return fold(groups);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (limit.Expired(cancellationToken) || EfAnalyticsStore.IsTimeout(e)))
        {
            throw new AnalyticsException(AnalyticsErrors.Timeout,
                $"The figures took longer than {scope.Timeout.TotalSeconds:0} s to compute; narrow the period or the filters.");
        }
    }

    // Rows are read without the token: Npgsql registers a token on every buffer refill, which contended across
    // concurrent dashboards; the statement is already under the limit, and the limit is checked after the read.

    private static async Task<bool> BuiltAsync(DbDataReader reader, string zone, string terminals) =>
        await reader.ReadAsync() && BuiltFor(reader, zone, terminals);

    /// <summary>The columns of an object's rollup state, read by <see cref="BuiltFor"/>.</summary>
    internal const string StateColumns = "SELECT zone, terminals, built FROM analytics_rollup_states";

    /// <summary>Whether the state row under <paramref name="reader"/> says built, for this zone and these terminal stages.</summary>
    internal static bool BuiltFor(DbDataReader reader, string zone, string terminals) =>
        reader.GetString(0) == zone && reader.GetString(1) == terminals
        && Convert.ToBoolean(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The days (analytics zone) of the scope's owners that wait to be rebuilt.</summary>
    private static async Task<HashSet<int>> MarkedDaysAsync(DbDataReader reader, AnalyticsCalendar calendar)
    {
        var days = new HashSet<int>();
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) days.Add(calendar.DayOf(reader.GetDateTime(0)).DayNumber);
        return days;
    }

    /// <summary>
    /// The rows of <paramref name="kinds"/> for the scope's owners in the (grain, first day, last day) ranges. Some owners
    /// read their rows; all of them read the rows summed over owners, unless the figures are split by owner.
    /// </summary>
    private void AppendRows(SqlCommandBuilder sql, AnalyticsScope scope, FactKind[] kinds, IEnumerable<(short Grain, int First, int Last)> ranges)
    {
        sql.Append("SELECT owner_id, day, kind, stage, count, amount_sum, amount_count, value_sum, samples, bounded, grain FROM analytics_day_rollups ")
           .Append($"WHERE object = {sql.Param(scope.Object)} AND kind IN ({string.Join(", ", kinds.Select(k => (int)k))})");
        if (scope.Owners is { } some) sql.Append(" AND " + OwnerIds(sql, some));
        else sql.Append(scope.SplitBy is null ? " AND owner_id IS NULL" : " AND owner_id IS NOT NULL");
        var each = ranges.Select(r => $"(grain = {r.Grain} AND day >= {sql.Param(r.First)} AND day <= {sql.Param(r.Last)})").ToList();
        sql.Append(each.Count == 0 ? " AND 1 = 0" : $" AND ({string.Join(" OR ", each)})");
    }

    private static async Task<List<FactGroup>> StoredAsync(DbDataReader reader, DayPlan plan)
    {
        var groups = new List<FactGroup>();
        while (await reader.ReadAsync())
        {
            var day = reader.GetInt32(1);
            var stored = reader.GetInt16(10) == RollupGrain.Month ? plan.StoredMonth(day, out var start) : plan.Stored(day, out start);
            if (!stored) continue;
            groups.Add(new FactGroup
            {
                Owner = reader.IsDBNull(0) ? "" : reader.GetString(0), When = start, Kind = (FactKind)reader.GetInt16(2), Stage = reader.GetString(3),
                Count = reader.GetInt64(4),
                AmountSum = reader.IsDBNull(5) ? null : Convert.ToDecimal(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                AmountCount = reader.GetInt64(6), ValueSum = reader.GetDouble(7),
                StoredValues = reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8),
                StoredBounded = reader.IsDBNull(9) ? null : (byte[])reader.GetValue(9),
            });
        }
        return groups;
    }

    /// <summary>The rollups' owner column holds "" for records without an owner, so the scope's owners match it as they are.</summary>
    private string OwnerIds(SqlCommandBuilder sql, IReadOnlyList<string> owners) =>
        owners.Count == 0 ? "1 = 0" : _dialect.InTexts(sql, "owner_id", owners);
}
