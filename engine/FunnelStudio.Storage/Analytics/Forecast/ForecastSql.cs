using FunnelStudio.Metadata;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Analytics.Forecast;

/// <summary>
/// The forecast's reconstruction queries. "As of" an instant: a field's value then is the old value
/// of its first change after the instant (field_history), or its current value when it has not changed
/// since; a record's stage then is the target of its last move at or before the instant (stage_history).
/// Names pass <see cref="SqlNames"/>; values are parameters.
/// </summary>
internal static class ForecastSql
{
    /// <summary>
    /// Live records whose stage as of the instant is open. Columns: id, title, stage_then, owner_id,
    /// amount, close_now, owner_old, amount_old, close_old (the *_old are JSON texts, 'null' for an
    /// empty value, NULL when the field has not changed since the instant).
    /// </summary>
    public static void OpenRecords(SqlCommandBuilder sql, SqlDialect dialect, ObjectDefinition obj, DateTime instantUtc, IReadOnlyList<string> openStages,
        (DateTime After, DateTime Until)? changedIn = null)
    {
        var name = SqlNames.Require(obj.Name, "object");
        var at = sql.Param(instantUtc);
        var close = obj.CloseDate?.Name is { } closeField ? CurrentText(dialect, SqlNames.Require(closeField, "field")) : "NULL";
        sql.Append("SELECT x.id, x.title, x.stage_then, x.owner_id, x.amount, x.close_now, x.owner_old, x.amount_old, x.close_old FROM (")
            .Append($"SELECT r.id, r.title, r.owner_id, r.amount, {close} AS close_now, ")
            .Append($"(SELECT h.to_stage FROM stage_history h WHERE h.record_id = r.id AND h.\"at\" <= {at} ORDER BY h.\"at\" DESC, h.id DESC LIMIT 1) AS stage_then, ")
            .Append($"{OldValue(sql, obj.OwnerField, at)} AS owner_old, ")
            .Append($"{OldValue(sql, obj.Amount?.Name, at)} AS amount_old, ")
            .Append($"{OldValue(sql, obj.CloseDate?.Name, at)} AS close_old ")
            .Append($"FROM records r WHERE r.object = '{name}' AND r.deleted = FALSE{Changed(sql, obj, changedIn)}) x ")
            .Append($"WHERE x.stage_then IN {sql.ParamList(openStages)}");
    }

    /// <summary>
    /// Moves of live records into a terminal stage in [from, to). Columns: move id, record id, title,
    /// current stage, to_stage, at, amount at the move, current owner, owner_old (as of the move).
    /// </summary>
    public static void TerminalMoves(SqlCommandBuilder sql, ObjectDefinition obj, DateTime fromUtc, DateTime toUtc, IReadOnlyList<string> terminalStages)
    {
        var name = SqlNames.Require(obj.Name, "object");
        sql.Append("SELECT h.id, h.record_id, r.title, r.stage, h.to_stage, h.\"at\", h.amount, r.owner_id, ")
            .Append($"{OldValue(sql, obj.OwnerField, "h.\"at\"")} AS owner_old ")
            .Append("FROM stage_history h JOIN records r ON r.id = h.record_id ")
            .Append($"WHERE h.object = '{name}' AND h.\"at\" >= {sql.Param(fromUtc)} AND h.\"at\" < {sql.Param(toUtc)} ")
            .Append($"AND h.to_stage IN {sql.ParamList(terminalStages)} AND r.deleted = FALSE");
    }

    /// <summary>
    /// " AND r.id IN (…)": the records with a stage move or a change of a field the snapshot reads (owner,
    /// amount, close date) in (after, until]; "" without a window. Reads <c>ix_stage_history__object_at</c>
    /// and <c>ix_field_history__field_at</c>.
    /// </summary>
    private static string Changed(SqlCommandBuilder sql, ObjectDefinition obj, (DateTime After, DateTime Until)? window)
    {
        if (window is not { } w) return "";
        var name = SqlNames.Require(obj.Name, "object");
        var after = sql.Param(w.After);
        var until = sql.Param(w.Until);
        var moved = $"SELECT h.record_id FROM stage_history h WHERE h.object = '{name}' AND h.\"at\" > {after} AND h.\"at\" <= {until}";
        var fields = new[] { obj.OwnerField, obj.Amount?.Name, obj.CloseDate?.Name }.OfType<string>().Distinct().ToList();
        var edited = fields.Count == 0 ? "" :
            $" UNION SELECT f.record_id FROM field_history f WHERE f.field IN {sql.ParamList(fields.Select(f => SqlNames.Require(f, "field")).ToList())} " +
            $"AND f.\"at\" > {after} AND f.\"at\" <= {until}";
        return $" AND r.id IN ({moved}{edited})";
    }

    /// <summary>The old value (JSON text, 'null' when it was empty) of the first change of a field after <paramref name="at"/>; NULL when none.</summary>
    private static string OldValue(SqlCommandBuilder sql, string? field, string at) => field is null
        ? "NULL"
        : $"(SELECT COALESCE(f.old_value, 'null') FROM field_history f WHERE f.record_id = r.id AND f.field = {sql.Param(SqlNames.Require(field, "field"))} " +
          $"AND f.\"at\" > {at} ORDER BY f.\"at\", f.id LIMIT 1)";

    /// <summary>A field's current value as text (a date as yyyy-MM-dd, a date-time as stored).</summary>
    private static string CurrentText(SqlDialect dialect, string field) => dialect.Provider == StorageProvider.Postgres
        ? $"(r.\"values\" ->> '{field}')"
        : $"json_extract(r.\"values\", '$.{field}')";
}
