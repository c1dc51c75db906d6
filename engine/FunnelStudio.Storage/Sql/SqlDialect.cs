namespace FunnelStudio.Storage.Sql;

/// <summary>The database providers FunnelStudio runs on.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The few pieces of SQL that differ between SQLite and PostgreSQL: JSON access, case-insensitive
/// search, the row version and field index DDL. Every method takes names that already passed
/// <see cref="SqlNames.Require"/> and parameter placeholders; values never pass through here.
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => SqliteDialect.Instance,
        StorageProvider.Postgres => PostgresDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public abstract StorageProvider Provider { get; }

    /// <summary>
    /// The optimistic-concurrency token of a record row (<see cref="Saving.StoredRecord.Version"/>):
    /// the managed <c>version</c> column on SQLite, the <c>xmin</c> system column on PostgreSQL.
    /// </summary>
    public abstract string RowVersion(string prefix);

    /// <summary>A parameter holding JSON text, as the values column expects it.</summary>
    public abstract string JsonParameter(string parameter);

    /// <summary>A field's value for sorting: text, or a number when <paramref name="numeric"/>. Matches <see cref="FieldIndex"/>.</summary>
    public abstract string JsonSortKey(string alias, string field, bool numeric);

    /// <summary>A field's value as a number, or NULL when it is not a JSON number (for sums).</summary>
    public abstract string JsonNumber(string alias, string field);

    /// <summary>A case-insensitive LIKE of <paramref name="column"/> against a pattern parameter (escape character '\').</summary>
    public abstract string LikeIgnoreCase(string column, string parameter);

    /// <summary>
    /// <paramref name="expression"/> (a JSON text) equals <paramref name="parameter"/> (already trimmed and
    /// lower-cased, or digits only), ignoring case and surrounding spaces — or comparing only the digits.
    /// </summary>
    public abstract string TextEquals(string expression, string parameter, bool digits);

    /// <summary>
    /// The sum of an amount column that always fits a <see cref="decimal"/>, however many rows: values
    /// are at most 10^15 (<see cref="FunnelStudio.Records.ValueLimits"/>), and the sum is cut to four decimals on
    /// PostgreSQL (numeric is exact; a decimal holds 28 digits) and a float on SQLite (whose SUM of
    /// integers fails past 2^63 instead of growing). With <paramref name="factor"/>, the sum times that factor
    /// (an expression constant within the group): one multiplication per group instead of one per row.
    /// </summary>
    public abstract string SumAmount(string expression, string? factor = null);

    /// <summary>DDL of a partial expression index on one field of one object's records.</summary>
    public abstract string FieldIndex(string indexName, string obj, string field, bool numeric);

    /// <summary>
    /// DDL of a partial index on (stage, field, id) over one object's live records that also holds
    /// owner_id: a stage-filtered, field-sorted page of the records a user may see is found in it
    /// without reading the skipped rows (see <see cref="Records.RecordSql.Page"/>).
    /// </summary>
    public abstract string StageFieldIndex(string indexName, string obj, string field, bool numeric);

    /// <summary>
    /// DDL of a partial index on a lookup's value over the records that have one, for finding what
    /// points to a record (<see cref="References.ReferenceSql"/>). Rows without the lookup are left
    /// out, so a create that sets no value pays nothing for it.
    /// </summary>
    public string LookupIndex(string indexName, string obj, string field)
    {
        var value = LookupValue(field);
        return $"{CreateIndex} \"{indexName}\" ON records ({value}) WHERE object = '{obj}' AND {value} IS NOT NULL";
    }

    /// <summary>
    /// <paramref name="expression"/> is one of <paramref name="values"/>, as one parameter whatever
    /// their number (an array on PostgreSQL, a JSON array on SQLite): a delete can reach many records.
    /// </summary>
    public abstract string InTexts(SqlCommandBuilder sql, string expression, IReadOnlyCollection<string> values);

    /// <summary><paramref name="expression"/> is one of <paramref name="ids"/>, as one parameter whatever their number (one statement text, one plan).</summary>
    public abstract string InIds(SqlCommandBuilder sql, string expression, IReadOnlyCollection<long> ids);

    /// <summary>A lookup's value as text, without alias: the expression of its index.</summary>
    protected abstract string LookupValue(string field);

    /// <summary>The start of a CREATE INDEX statement that saves can go on beside.</summary>
    protected abstract string CreateIndex { get; }

    /// <summary>A query listing the names of the indexes on <c>records</c> (one column).</summary>
    public abstract string RecordIndexNames { get; }

    /// <summary>The columns a <see cref="RecordReader"/> reads, in its order.</summary>
    public string RecordColumns(string alias) =>
        $"{alias}.id, {alias}.object, {alias}.stage, {alias}.owner_id, {alias}.title, {alias}.\"values\", {alias}.created_at, " +
        $"{alias}.updated_at, {alias}.created_by, {alias}.updated_by, {alias}.stage_entered_at, {alias}.deleted, " +
        $"{alias}.config_version, {RowVersion(alias + ".")}, {alias}.amount";

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> differ, NULL counting as a value.</summary>
    public abstract string Distinct(string a, string b);

    /// <summary>The days (fractional) from timestamp <paramref name="earlier"/> to <paramref name="later"/>.</summary>
    public abstract string DaysBetween(string later, string earlier);

    /// <summary>A text NULL (PostgreSQL must know a NULL column's type to group by it).</summary>
    public abstract string NullText { get; }

    /// <summary>
    /// A statement that makes the rest of the transaction plan every statement for its own parameter values
    /// (null: the provider always does).
    /// </summary>
    public virtual string? CustomPlansOnly => null;

    /// <summary>
    /// An aggregate giving the percentile <paramref name="fraction"/> of <paramref name="value"/> by linear
    /// interpolation, or null when the provider has none (SQLite: <c>AnalyticsSql.Percentiles</c> numbers
    /// the rows with window functions instead).
    /// </summary>
    public virtual string? PercentileAggregate(string value, double fraction) => null;
}

internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override string RowVersion(string prefix) => $"{prefix}version";

    public override string JsonParameter(string parameter) => parameter;

    public override string Distinct(string a, string b) => $"{a} IS NOT {b}";

    public override string DaysBetween(string later, string earlier) => $"(julianday({later}) - julianday({earlier}))";

    public override string NullText => "NULL";

    // json_extract returns numbers for JSON numbers, so one expression sorts text and numbers alike
    // and is the very expression the field index is built on.
    public override string JsonSortKey(string alias, string field, bool numeric) => $"json_extract({alias}.\"values\", '$.{field}')";

    public override string JsonNumber(string alias, string field) =>
        $"CASE WHEN json_type({alias}.\"values\", '$.{field}') IN ('integer', 'real') THEN json_extract({alias}.\"values\", '$.{field}') END";

    public override string SumAmount(string expression, string? factor = null) =>
        factor is null ? $"TOTAL({expression})" : $"TOTAL({expression}) * {factor}";

    // SQLite's LIKE ignores case for ASCII letters (not for other scripts).
    public override string LikeIgnoreCase(string column, string parameter) => $"{column} LIKE {parameter} ESCAPE '\\'";

    // SQLite has no regular expressions built in: the separators people type in phone numbers are taken out one by one.
    public override string TextEquals(string expression, string parameter, bool digits) => digits
        ? $"replace(replace(replace(replace(replace(replace(replace(CAST({expression} AS TEXT), ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', ''), '/', '') = {parameter}"
        : $"lower(trim(CAST({expression} AS TEXT))) = {parameter}";

    public override string FieldIndex(string indexName, string obj, string field, bool numeric) =>
        $"CREATE INDEX IF NOT EXISTS \"{indexName}\" ON records (json_extract(\"values\", '$.{field}')) WHERE object = '{obj}'";

    public override string StageFieldIndex(string indexName, string obj, string field, bool numeric) =>
        $"CREATE INDEX IF NOT EXISTS \"{indexName}\" ON records (stage, json_extract(\"values\", '$.{field}'), id, owner_id) " +
        $"WHERE object = '{obj}' AND deleted = FALSE";

    public override string RecordIndexNames => "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'";

    protected override string LookupValue(string field) => $"json_extract(\"values\", '$.{field}')";

    // One value is a plain equality: SQLite cannot see how selective a json_each list is, and with one owner
    // it then read a year of stage history by time rather than the owner's records by index (4 s vs 65 ms).
    public override string InTexts(SqlCommandBuilder sql, string expression, IReadOnlyCollection<string> values) => values.Count == 1
        ? $"{expression} = {sql.Param(values.First())}"
        : $"{expression} IN (SELECT value FROM json_each({sql.Param(System.Text.Json.JsonSerializer.Serialize(values))}))";

    public override string InIds(SqlCommandBuilder sql, string expression, IReadOnlyCollection<long> ids) =>
        $"{expression} IN (SELECT value FROM json_each({sql.Param(System.Text.Json.JsonSerializer.Serialize(ids))}))";

    protected override string CreateIndex => "CREATE INDEX IF NOT EXISTS";
}

internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    public override StorageProvider Provider => StorageProvider.Postgres;

    // xmin changes with every update of the row, whoever makes it; bigint so it fits the long Version.
    public override string RowVersion(string prefix) => $"{prefix}xmin::text::bigint";

    public override string JsonParameter(string parameter) => $"{parameter}::jsonb";

    public override string Distinct(string a, string b) => $"{a} IS DISTINCT FROM {b}";

    public override string DaysBetween(string later, string earlier) => $"(CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS double precision) / 86400.0)";

    public override string NullText => "CAST(NULL AS text)";

    // Auto-prepared statements (Max Auto Prepare) may switch to a generic plan after five runs; for a query
    // whose best plan depends on how many records an owner or a period holds, that plan was 4–9× slower.
    public override string CustomPlansOnly => "SET LOCAL plan_cache_mode = force_custom_plan";

    // One sort per group inside the aggregate: 3–5× faster than numbering the rows with two window
    // functions and picking the neighbours (time in stage for one rep's year at 1M deals: 215–340 → 65 ms).
    public override string PercentileAggregate(string value, double fraction) =>
        $"percentile_cont({fraction.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}) WITHIN GROUP (ORDER BY {value})";

    // Numbers sort as jsonb (jsonb orders numbers numerically and never fails on a stray string,
    // unlike a ::numeric cast); other fields as text. Each matches its field index.
    public override string JsonSortKey(string alias, string field, bool numeric) =>
        numeric ? $"({alias}.\"values\" -> '{field}')" : $"({alias}.\"values\" ->> '{field}')";

    public override string JsonNumber(string alias, string field) =>
        $"CASE WHEN jsonb_typeof({alias}.\"values\" -> '{field}') = 'number' THEN ({alias}.\"values\" ->> '{field}')::numeric END";

    public override string LikeIgnoreCase(string column, string parameter) => $"{column} ILIKE {parameter} ESCAPE '\\'";

    public override string TextEquals(string expression, string parameter, bool digits) => digits
        ? $"regexp_replace({expression}, '[^0-9]', '', 'g') = {parameter}"
        : $"lower(btrim({expression})) = {parameter}";

    public override string SumAmount(string expression, string? factor = null) =>
        factor is null ? $"ROUND(SUM({expression}), 4)" : $"ROUND(SUM({expression}) * {factor}, 4)";

    public override string FieldIndex(string indexName, string obj, string field, bool numeric) =>
        $"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"{indexName}\" ON records (({(numeric ? $"\"values\" -> '{field}'" : $"\"values\" ->> '{field}'")})) WHERE object = '{obj}'";

    public override string StageFieldIndex(string indexName, string obj, string field, bool numeric) =>
        $"CREATE INDEX CONCURRENTLY IF NOT EXISTS \"{indexName}\" ON records (stage, ({(numeric ? $"\"values\" -> '{field}'" : $"\"values\" ->> '{field}'")}), id) " +
        $"INCLUDE (owner_id) WHERE object = '{obj}' AND deleted = FALSE";

    public override string RecordIndexNames => "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'records'";

    protected override string LookupValue(string field) => $"(\"values\" ->> '{field}')";

    public override string InTexts(SqlCommandBuilder sql, string expression, IReadOnlyCollection<string> values) =>
        $"{expression} = ANY({sql.Param(name => new Npgsql.NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = values.ToArray() })})";

    public override string InIds(SqlCommandBuilder sql, string expression, IReadOnlyCollection<long> ids) =>
        $"{expression} = ANY({sql.Param(ids.ToArray())})";

    protected override string CreateIndex => "CREATE INDEX CONCURRENTLY IF NOT EXISTS";
}
