using System.Globalization;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Records;

/// <summary>
/// The SQL of the list and the board. The object name is inlined (validated) so that the partial
/// field indexes (<c>WHERE object = 'deal'</c>) can serve the query; every value is a parameter.
/// </summary>
internal static class RecordSql
{
    private static readonly Dictionary<string, string> SystemSortColumns = new(StringComparer.Ordinal)
    {
        ["title"] = "r.title",
        ["created_at"] = "r.created_at",
        ["updated_at"] = "r.updated_at",
        ["stage"] = "r.stage",
        ["owner_id"] = "r.owner_id",
    };

    public const int MaxPageSize = 500;
    public const int MaxCardsPerStage = 200;

    /// <summary>The WHERE clause shared by the list, its count and the board.</summary>
    public static string Where(SqlDialect dialect, SqlCommandBuilder sql, string obj, IReadOnlyList<string>? visibleOwners,
        string? owner, string? stage, string? search)
    {
        var where = new List<string> { $"r.object = '{SqlNames.Require(obj, "object")}'", "r.deleted = FALSE" };
        if (visibleOwners is not null)
            where.Add(visibleOwners.Count == 0 ? "1 = 0" : $"r.owner_id IN {sql.ParamList(visibleOwners.Distinct())}");
        if (owner is not null) where.Add($"r.owner_id = {sql.Param(owner)}");
        if (stage is not null) where.Add($"r.stage = {sql.Param(stage)}");
        if (!string.IsNullOrWhiteSpace(search))
            where.Add(dialect.LikeIgnoreCase("r.title", sql.Param("%" + EscapeLike(search.Trim()) + "%")));
        return string.Join(" AND ", where);
    }

    /// <summary>
    /// The WHERE clause of <c>record_totals</c> (alias t) matching the same records as <see cref="Where"/>
    /// without a search: totals only hold live records, and an empty stage or owner ('') never
    /// equals a filter value.
    /// </summary>
    public static string TotalsWhere(SqlCommandBuilder sql, string obj, IReadOnlyList<string>? visibleOwners, string? owner)
    {
        var where = new List<string> { $"t.object = '{SqlNames.Require(obj, "object")}'" };
        if (visibleOwners is not null)
            where.Add(visibleOwners.Count == 0 ? "1 = 0" : $"t.owner_id IN {sql.ParamList(visibleOwners.Distinct())}");
        if (owner is not null) where.Add($"t.owner_id = {sql.Param(owner)}");
        return string.Join(" AND ", where);
    }

    /// <summary>
    /// One page and the total: two statements, one round trip. Without a search the total adds up
    /// <c>record_totals</c> rows instead of counting every matching record.
    /// </summary>
    public static void Page(SqlDialect dialect, SqlCommandBuilder sql, RecordQuery query, int page, int pageSize)
    {
        var where = Where(dialect, sql, query.Object, query.VisibleOwners, query.Owner, query.Stage, query.Search);
        foreach (var filter in query.FieldFilters)
            where += " AND " + dialect.TextEquals(dialect.JsonSortKey("r", SqlNames.Require(filter.Field, "field"), numeric: false),
                sql.Param(filter.Digits ? new string(filter.Value.Where(char.IsAsciiDigit).ToArray()) : filter.Value.Trim().ToLowerInvariant()), filter.Digits);
        var key = SortKey(dialect, query.Sort, query.SortType);
        // Empty values count as the largest (PostgreSQL's default), on both providers.
        var direction = query.Descending ? "DESC NULLS FIRST" : "ASC NULLS LAST";
        var idDirection = query.Descending ? "DESC" : "ASC";
        var order = $"ORDER BY {key} {direction}, r.id {idDirection}";
        // One level, straight from the index that matches the filter and sort: PostgreSQL cannot answer
        // a page from an expression index alone (an index-only scan needs the whole "values" column),
        // so selecting the page's ids first and joining back read every row twice and planned longer.
        // LIMIT and OFFSET are numbers computed here, so they are written out (see PageLimit).
        sql.Append($"SELECT {dialect.RecordColumns("r")} FROM records r WHERE {where} {order} ")
            .Append($"{PageLimit(pageSize, (long)(page - 1) * pageSize)};\n");
        if (!string.IsNullOrWhiteSpace(query.Search) || query.FieldFilters.Count > 0)
        {
            sql.Append($"SELECT COUNT(*) FROM records r WHERE {where};");
            return;
        }
        var totals = TotalsWhere(sql, query.Object, query.VisibleOwners, query.Owner);
        if (query.Stage is not null) totals += $" AND t.stage = {sql.Param(query.Stage)}";
        sql.Append($"SELECT CAST(COALESCE(SUM(t.count), 0) AS BIGINT) FROM record_totals t WHERE {totals};");
    }

    /// <summary>
    /// Counts and sums per stage from <c>record_totals</c> (a few rows per stage and owner, never the
    /// records), then the first cards of each stage (one query, a UNION of index-ordered LIMITs).
    /// </summary>
    public static void Board(SqlDialect dialect, SqlCommandBuilder sql, string obj, IReadOnlyList<string> stages,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage)
    {
        var totals = TotalsWhere(sql, obj, visibleOwners, owner);
        sql.Append($"SELECT t.stage, CAST(SUM(t.count) AS BIGINT), {dialect.SumAmount("t.amount")} FROM record_totals t ")
            .Append($"WHERE {totals} AND t.stage IN {sql.ParamList(stages)} GROUP BY t.stage;\n");
        if (cardsPerStage <= 0) return;
        var where = Where(dialect, sql, obj, visibleOwners, owner, stage: null, search: null);
        var limit = PageLimit(cardsPerStage, 0);
        var arms = stages.Select((stage, i) =>
            $"SELECT * FROM (SELECT {dialect.RecordColumns("r")} FROM records r WHERE {where} AND r.stage = {sql.Param(stage)} " +
            $"ORDER BY r.updated_at DESC, r.id DESC {limit}) AS c{i}");
        sql.Append(string.Join("\nUNION ALL ", arms)).Append(";");
    }

    /// <summary>
    /// LIMIT and OFFSET as literals, never parameters: PostgreSQL plans a prepared statement once for
    /// all parameter values (a generic plan) only when that plan costs no more than planning each
    /// call, and with an unknown LIMIT it guesses a tenth of the table, so it planned every page and
    /// board again (0.4–1.3 ms of its CPU each). These are integers computed from clamped numbers, never
    /// text from a request.
    /// </summary>
    private static string PageLimit(int limit, long offset) =>
        offset > 0 ? $"LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}"
            : $"LIMIT {limit.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A system column, or a field's JSON value (names checked, numbers sorted as numbers).</summary>
    public static string SortKey(SqlDialect dialect, string? sort, FieldType? sortType)
    {
        if (string.IsNullOrEmpty(sort)) return "r.updated_at";
        if (SystemSortColumns.TryGetValue(sort, out var column)) return column;
        var field = SqlNames.Require(sort, "sort field");
        return dialect.JsonSortKey("r", field, sortType is { } type && FieldTypes.IsNumeric(type));
    }

    /// <summary>Makes %, _ and \ in a search match themselves.</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
