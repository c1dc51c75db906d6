using System.Globalization;
using FunnelStudio.Analytics;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Analytics;

/// <summary>
/// The record sets every analytics figure is made of, as SQL shared by the aggregates and the
/// drill-down lists (so a list's count is the figure by construction). Names in the text passed
/// <see cref="SqlNames"/>; periods, owners, filter values and stall cut-offs are parameters.
/// Works on both providers: CTEs, VALUES lists and window functions only, with the few differences
/// in the <see cref="SqlDialect"/>.
/// </summary>
internal sealed class AnalyticsSql(SqlDialect dialect, SqlCommandBuilder sql, AnalyticsScope scope)
{
    private readonly string _object = SqlNames.Require(scope.Object, "object");

    /// <summary>
    /// <c>b</c>: the live records of the object within the owners and filters, with the split key
    /// <c>k</c> ('' without a split or a value).
    /// </summary>
    public string Base()
    {
        var where = $"r.object = '{_object}' AND r.deleted = FALSE";
        if (scope.Owners is { } owners) where += " AND " + OwnerCondition("r.owner_id", owners);
        foreach (var filter in scope.Fields)
        {
            var value = dialect.JsonSortKey("r", SqlNames.Require(filter.Field, "field"), numeric: false);
            where += filter.Value is null
                ? $" AND ({value} IS NULL OR {value} = '')"
                : $" AND {value} = {sql.Param(filter.Value)}";
        }
        var split = scope.SplitBy switch
        {
            null => "''",
            AnalyticsScopes.OwnerSplit => "COALESCE(r.owner_id, '')",
            var field => $"COALESCE({dialect.JsonSortKey("r", SqlNames.Require(field, "field"), numeric: false)}, '')",
        };
        // NOT MATERIALIZED (both providers know it): a statement that reads b twice (created and closed in
        // the period KPIs) would otherwise get it materialized, and a materialized b can only be hash-joined
        // to the whole stage history; inlined, each use is planned with its own join order and indexes.
        return $"b AS NOT MATERIALIZED (SELECT r.id, r.created_at, r.stage, r.amount, r.stage_entered_at, {split} AS k FROM records r WHERE {where})";
    }

    /// <summary>
    /// The owner filter; "" stands for records without an owner — the "" slice of a split by owner,
    /// which is drilled by filtering on its key (an id list alone never matches a NULL owner_id).
    /// </summary>
    private string OwnerCondition(string column, IReadOnlyList<string> owners) => OwnerCondition(dialect, sql, column, owners);

    /// <summary>The owner filter on <paramref name="column"/> (a nullable owner id; "" in <paramref name="owners"/> is NULL).</summary>
    public static string OwnerCondition(SqlDialect dialect, SqlCommandBuilder sql, string column, IReadOnlyList<string> owners)
    {
        var named = owners.Where(o => o.Length > 0).ToList();
        var conditions = new List<string>();
        if (named.Count > 0) conditions.Add(dialect.InTexts(sql, column, named));
        if (named.Count < owners.Count) conditions.Add($"{column} IS NULL");
        return conditions.Count == 0 ? "1 = 0" : $"({string.Join(" OR ", conditions)})";
    }

    /// <summary>
    /// The owner filter again on the moves <paramref name="history"/> (their copy of the record's
    /// current owner, kept by triggers), as " AND …", or "" without an owner filter. It selects the
    /// same moves as the join to <c>b</c> does, and lets the database read only those owners' moves by
    /// <c>ix_stage_history__object_owner_at</c> — at a million records, the difference between
    /// scanning the whole history and reading one rep's.
    /// </summary>
    public string HistoryOwners(string history = "h") =>
        scope.Owners is { } owners ? " AND " + OwnerCondition($"{history}.owner_id", owners) : "";

    /// <summary>
    /// <c>st</c>: the pipeline's stages — name, order, probability, kind (0 open, 1 won, 2 lost) and
    /// the instant before which entering the stage means stalled at <paramref name="now"/>.
    /// </summary>
    public string Stages(DateTime now)
    {
        var rows = scope.Stages.Select(s =>
            $"('{SqlNames.Require(s.Name, "stage")}', {s.Index}, {s.Probability.ToString(CultureInfo.InvariantCulture)}, {Kind(s.Terminal)}, " +
            $"{sql.Param(Utc(now).AddDays(-s.StalledAfterDays))})");
        return $"st(name, idx, prob, kind, cutoff) AS (VALUES {string.Join(", ", rows)})";
    }

    /// <summary><c>p</c>: the periods, numbered from 0.</summary>
    public string Periods(IReadOnlyList<Period> periods) =>
        $"p(i, s, e) AS (VALUES {string.Join(", ", periods.Select((p, i) => $"({i}, {sql.Param(Utc(p.Start))}, {sql.Param(Utc(p.End))})"))})";

    /// <summary>Stage names of one kind as a literal list for IN, or a list that matches nothing.</summary>
    public string Names(Func<ScopeStage, bool> which)
    {
        var names = scope.Stages.Where(which).Select(s => $"'{SqlNames.Require(s.Name, "stage")}'").ToList();
        return names.Count == 0 ? "(NULL)" : $"({string.Join(", ", names)})";
    }

    public string Terminal => Names(s => s.Terminal != StageTerminal.None);
    public string WonStages => Names(s => s.Terminal == StageTerminal.Won);

    /// <summary>
    /// <c>cl</c>: each record's closing per period — its last move into a terminal stage within the
    /// period (<c>rn</c> = 1) — with the move's amount and the days since the record was created.
    /// Needs <c>b</c> and <c>p</c>.
    /// </summary>
    public string Closings() =>
        "cl AS (SELECT p.i, b.k, h.record_id AS id, h.to_stage, h.amount, " +
        $"{dialect.DaysBetween("h.at", "b.created_at")} AS d, " +
        "ROW_NUMBER() OVER (PARTITION BY p.i, h.record_id ORDER BY h.at DESC, h.id DESC) AS rn " +
        $"FROM stage_history h JOIN b ON b.id = h.record_id JOIN p ON h.at >= p.s AND h.at < p.e " +
        $"WHERE h.object = '{_object}' AND h.to_stage IN {Terminal}{HistoryOwners()})";

    /// <summary><c>rc</c>: for cohort funnels, the highest index among the non-lost stages each record of <c>b</c> ever entered.</summary>
    public string Reach(string cohort) =>
        $"rc AS (SELECT h.record_id AS id, MAX(st.idx) AS reach FROM {cohort} c JOIN stage_history h ON h.record_id = c.id " +
        "JOIN st ON st.name = h.to_stage AND st.kind <> 2 GROUP BY h.record_id)";

    /// <summary>A period's bounds as a condition on <paramref name="column"/>.</summary>
    public string Within(string column, Period period) =>
        $"{column} >= {sql.Param(Utc(period.Start))} AND {column} < {sql.Param(Utc(period.End))}";

    /// <summary>
    /// <paramref name="name"/>: per <paramref name="keys"/> group of the rows of <paramref name="source"/>
    /// that match <paramref name="where"/>, the percentiles (by linear interpolation, as percentile_cont) of
    /// <paramref name="value"/> named by <paramref name="columns"/> — each a column name and the fraction
    /// as numerator / denominator. PostgreSQL's ordered-set aggregate where there is one; otherwise the
    /// rows numbered in value order, and integer arithmetic picks the two neighbours.
    /// </summary>
    public string Percentiles(string name, string source, string where, string keys, string value,
        params (string Column, int Numerator, int Denominator)[] columns)
    {
        if (dialect.PercentileAggregate(value, 0.5) is not null)
            return $"{name} AS (SELECT {keys}, " +
                   string.Join(", ", columns.Select(c => $"{dialect.PercentileAggregate(value, (double)c.Numerator / c.Denominator)} AS {c.Column}")) +
                   $" FROM {source} WHERE {where} GROUP BY {keys})";
        var numbered = $"{name}_o";
        return $"{numbered} AS (SELECT {keys}, {value}, ROW_NUMBER() OVER (PARTITION BY {keys} ORDER BY {value}) AS rn, " +
               $"COUNT(*) OVER (PARTITION BY {keys}) AS n FROM {source} WHERE {where}), " +
               $"{name} AS (SELECT {keys}, " +
               string.Join(", ", columns.Select(c => $"{Interpolated(value, c.Numerator, c.Denominator)} AS {c.Column}")) +
               $" FROM {numbered} GROUP BY {keys})";
    }

    /// <summary>The percentile over rows numbered <c>rn</c> of <c>n</c> in value order within the group.</summary>
    private static string Interpolated(string value, int numerator, int denominator)
    {
        var position = $"({numerator} * (n - 1))";
        var fraction = $"(({position} % {denominator}) * 1.0 / {denominator})";
        return $"SUM(CASE WHEN rn = {position} / {denominator} + 1 THEN {value} * (1 - {fraction}) " +
               $"WHEN rn = {position} / {denominator} + 2 THEN {value} * {fraction} ELSE 0 END)";
    }

    public static string Kind(StageTerminal terminal) => terminal switch
    {
        StageTerminal.Won => "1",
        StageTerminal.Lost => "2",
        _ => "0",
    };

    public static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
