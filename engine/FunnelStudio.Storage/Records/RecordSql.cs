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

    /// <summary>One page and the total: two statements, one round trip.</summary>
    public static void Page(SqlDialect dialect, SqlCommandBuilder sql, RecordQuery query, int page, int pageSize)
    {
        var where = Where(dialect, sql, query.Object, query.VisibleOwners, query.Owner, query.Stage, query.Search);
        var key = SortKey(dialect, query.Sort, query.SortType);
        // Empty values count as the largest (PostgreSQL's default), on both providers.
        var direction = query.Descending ? "DESC NULLS FIRST" : "ASC NULLS LAST";
        var idDirection = query.Descending ? "DESC" : "ASC";
        sql.Append($"SELECT {dialect.RecordColumns("r")} FROM records r WHERE {where} ")
            .Append($"ORDER BY {key} {direction}, r.id {idDirection} ")
            .Append($"LIMIT {sql.Param((long)pageSize)} OFFSET {sql.Param((long)(page - 1) * pageSize)};\n")
            .Append($"SELECT COUNT(*) FROM records r WHERE {where};");
    }

    /// <summary>Counts and sums per stage (one grouped query), then the first cards of each stage (one query, a UNION of index-ordered LIMITs).</summary>
    public static void Board(SqlDialect dialect, SqlCommandBuilder sql, string obj, IReadOnlyList<string> stages, string? amountField,
        IReadOnlyList<string>? visibleOwners, string? owner, int cardsPerStage)
    {
        var where = Where(dialect, sql, obj, visibleOwners, owner, stage: null, search: null);
        var amount = amountField is null ? "0" : dialect.JsonNumber("r", SqlNames.Require(amountField, "field"));
        sql.Append($"SELECT r.stage, COUNT(*), SUM({amount}) FROM records r WHERE {where} AND r.stage IN {sql.ParamList(stages)} GROUP BY r.stage;\n");
        if (cardsPerStage <= 0) return;
        var limit = sql.Param((long)cardsPerStage);
        var arms = stages.Select((stage, i) =>
            $"SELECT * FROM (SELECT {dialect.RecordColumns("r")} FROM records r WHERE {where} AND r.stage = {sql.Param(stage)} " +
            $"ORDER BY r.updated_at DESC, r.id DESC LIMIT {limit}) AS c{i}");
        sql.Append(string.Join("\nUNION ALL ", arms)).Append(";");
    }

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
