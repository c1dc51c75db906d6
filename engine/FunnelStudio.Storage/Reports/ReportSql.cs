using System.Globalization;
using FunnelStudio.Reports;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Reports;

/// <summary>
/// The SQL of a report over <c>records</c> (alias r): live records of one object, the user's readable
/// owners, the conditions, the group keys and the measures. Names reach the text only through
/// <see cref="SqlNames.Require"/>; every value, date bound and bucket start is a parameter. Dates are
/// compared as the canonical text the engine stores (<c>yyyy-MM-dd</c>, ISO 8601 UTC with seven
/// decimals: fixed width, so text order is time order; <c>COLLATE "C"</c> on PostgreSQL so no locale
/// reorders it); <c>created_at</c>/<c>updated_at</c> as the timestamp columns they are.
/// </summary>
internal sealed class ReportSql(SqlDialect dialect, SqlCommandBuilder sql)
{
    private bool Postgres => dialect.Provider == StorageProvider.Postgres;

    /// <summary>The WHERE clause: object, live, owners, the conditions (all or any) and the cell's conditions (all).</summary>
    public string Where(ReportQuery query)
    {
        var where = new List<string> { $"r.object = '{SqlNames.Require(query.Object, "object")}'", "r.deleted = FALSE" };
        if (query.VisibleOwners is { } owners)
            where.Add(owners.Count == 0 ? "1 = 0" : $"r.owner_id IN {sql.ParamList(owners.Distinct())}");
        if (query.Conditions.Count > 0)
            where.Add("(" + string.Join(query.MatchAny ? " OR " : " AND ", query.Conditions.Select(Condition)) + ")");
        where.AddRange(query.CellConditions.Select(Condition));
        return string.Join(" AND ", where);
    }

    /// <summary>A column's value as text (choices, users, text and dates); a timestamp for created_at/updated_at.</summary>
    public string Text(ReportColumn column)
    {
        if (column.SystemColumn is { } system and not "amount") return "r." + system;
        var field = SqlNames.Require(column.Field!.Name, "field");
        var text = Postgres ? $"(r.\"values\" ->> '{field}')" : $"json_extract(r.\"values\", '$.{field}')";
        return column.IsDate && Postgres ? $"({text} COLLATE \"C\")" : text;
    }

    /// <summary>A column's value as a number (NULL when it is not a JSON number).</summary>
    public string Number(ReportColumn column) =>
        column.SystemColumn == "amount" ? "r.amount" : dialect.JsonNumber("r", SqlNames.Require(column.Field!.Name, "field"));

    /// <summary>True when a yes/no field holds true; an unset one is false, as rules read it.</summary>
    public string IsTrue(ReportColumn column)
    {
        var field = SqlNames.Require(column.Field!.Name, "field");
        return Postgres ? $"COALESCE((r.\"values\" -> '{field}') = 'true'::jsonb, FALSE)" : $"COALESCE(json_extract(r.\"values\", '$.{field}'), 0) = 1";
    }

    private string Condition(ReportCondition condition)
    {
        var column = condition.Column;
        var values = condition.Values;
        if (column.Kind == ReportValueKind.Boolean)
            return (bool)values[0]! ? IsTrue(column) : $"NOT ({IsTrue(column)})";
        if (column.Kind == ReportValueKind.Number) return NumberCondition(column, condition.Comparison, values);
        if (column.IsDate) return DateCondition(column, condition.Comparison, values);
        var text = Text(column);
        var lower = column.Kind == ReportValueKind.Text;
        var value = lower ? $"lower({text})" : text;
        string Param(object? v) => sql.Param(lower ? ((string)v!).ToLowerInvariant() : (string)v!);
        return condition.Comparison switch
        {
            ReportComparison.Equal => $"{value} = {Param(values[0])}",
            // "Not equal" keeps records without a value, as a person reading the filter expects.
            ReportComparison.NotEqual => $"({text} IS NULL OR {value} <> {Param(values[0])})",
            ReportComparison.Contains => dialect.LikeIgnoreCase(text, sql.Param("%" + EscapeLike((string)values[0]!) + "%")),
            ReportComparison.Empty => $"({text} IS NULL OR {text} = '')",
            ReportComparison.NotEmpty => $"({text} IS NOT NULL AND {text} <> '')",
            ReportComparison.In => $"{value} IN ({string.Join(", ", values.Select(Param))})",
            _ => throw new InvalidOperationException($"{condition.Comparison} is not a text comparison."),
        };
    }

    private string NumberCondition(ReportColumn column, ReportComparison comparison, IReadOnlyList<object?> values)
    {
        var number = Number(column);
        return comparison switch
        {
            ReportComparison.Equal => $"{number} = {NumberParam(values[0])}",
            ReportComparison.NotEqual => $"({number} IS NULL OR {number} <> {NumberParam(values[0])})",
            ReportComparison.Greater => $"{number} > {NumberParam(values[0])}",
            ReportComparison.GreaterOrEqual => $"{number} >= {NumberParam(values[0])}",
            ReportComparison.Less => $"{number} < {NumberParam(values[0])}",
            ReportComparison.LessOrEqual => $"{number} <= {NumberParam(values[0])}",
            // A number range is inclusive at both ends ("between 10 and 20").
            ReportComparison.Range => $"{number} >= {NumberParam(values[0])} AND {number} <= {NumberParam(values[1])}",
            ReportComparison.Empty => $"{number} IS NULL",
            _ => throw new InvalidOperationException($"{comparison} is not a number comparison."),
        };
    }

    /// <summary>
    /// A number as the column compares it: numeric on PostgreSQL; a real on SQLite, where a JSON number
    /// is an integer or real and EF would send a decimal as text (which never equals a number).
    /// </summary>
    private string NumberParam(object? value) => Postgres ? sql.Param((decimal)value!) : sql.Param((double)(decimal)value!);

    private string DateCondition(ReportColumn column, ReportComparison comparison, IReadOnlyList<object?> values)
    {
        var text = Text(column);
        return comparison switch
        {
            ReportComparison.Range => string.Join(" AND ", new[]
            {
                values[0] is { } from ? $"{text} >= {DateParam(column, from)}" : null,
                values[1] is { } to ? $"{text} < {DateParam(column, to)}" : null,
            }.OfType<string>().DefaultIfEmpty($"{text} IS NOT NULL")),
            ReportComparison.Empty => column.SystemColumn is null ? $"({text} IS NULL OR {text} = '')" : $"{text} IS NULL",
            _ => throw new InvalidOperationException($"{comparison} is not a date comparison."),
        };
    }

    /// <summary>A date bound as the column holds it: a timestamp for the system columns, canonical text for JSON values.</summary>
    private string DateParam(ReportColumn column, object bound) => column.SystemColumn is not null
        ? sql.Param(DateTime.SpecifyKind((DateTime)bound, DateTimeKind.Utc))
        : sql.Param(JsonText(bound));

    public static string JsonText(object bound) => bound switch
    {
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime instant => DateTime.SpecifyKind(instant, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException("Not a date bound.", nameof(bound)),
    };

    /// <summary>A group's key as text: the value, "true"/"false", or the index of the bucket holding the date.</summary>
    public string GroupKey(ReportGroupPlan group)
    {
        var column = group.Column;
        if (column.Kind == ReportValueKind.Boolean) return $"CASE WHEN {IsTrue(column)} THEN 'true' ELSE 'false' END";
        if (group.BucketStarts is not { } starts) return $"NULLIF({Text(column)}, '')";
        var value = column.SystemColumn is null ? $"NULLIF({Text(column)}, '')" : Text(column);
        if (Postgres)
        {
            // width_bucket: the number of the last start not after the value (1-based), one array parameter for any count.
            var array = column.SystemColumn is not null
                ? sql.Param(name => new Npgsql.NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.TimestampTz)
                    { Value = starts.Select(s => DateTime.SpecifyKind((DateTime)s, DateTimeKind.Utc)).ToArray() })
                : sql.Param(name => new Npgsql.NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text)
                    { Value = starts.Select(JsonText).ToArray() }) + "::text[] COLLATE \"C\"";
            return $"(width_bucket({value}, {array}) - 1)::text";
        }
        // SQLite has no width_bucket: a balanced CASE over the starts finds the bucket in log2(n)
        // comparisons per row (a json_each lookup compared every row with every start). EF stores
        // timestamps as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' text, so the system columns' starts are written so.
        var texts = starts.Select(s => column.SystemColumn is not null
            ? DateTime.SpecifyKind((DateTime)s, DateTimeKind.Utc).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
            : JsonText(s)).ToList();
        return $"CASE WHEN {value} IS NULL THEN NULL ELSE CAST({Search(value, texts, 0, texts.Count - 1)} AS TEXT) END";
    }

    /// <summary>The index in [lo, hi] of the last start not after the value, as nested CASEs (one parameter per start used).</summary>
    private string Search(string value, IReadOnlyList<string> starts, int lo, int hi)
    {
        if (lo >= hi) return lo.ToString(CultureInfo.InvariantCulture);
        var mid = (lo + hi + 1) / 2;
        return $"CASE WHEN {value} < {sql.Param(starts[mid])} THEN {Search(value, starts, lo, mid - 1)} ELSE {Search(value, starts, mid, hi)} END";
    }

    public string Measure(ReportMeasurePlan measure) => measure.Aggregate switch
    {
        "count" => "COUNT(*)",
        // A sum over no values is 0 on both providers (SQLite's TOTAL already says so).
        "sum" => $"COALESCE({dialect.SumAmount(Number(measure.Column!))}, 0)",
        "avg" => $"AVG({Number(measure.Column!)})",
        "min" => $"MIN({Number(measure.Column!)})",
        "max" => $"MAX({Number(measure.Column!)})",
        _ => throw new InvalidOperationException($"'{measure.Aggregate}' is not a measure."),
    };

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
