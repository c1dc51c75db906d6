using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Records;

/// <summary>The statements of one save: the record (insert, or update checked against its row version) and its history rows.</summary>
internal static class RecordWrites
{
    public static void Insert(SqlDialect dialect, SqlCommandBuilder sql, StoredRecord record, ObjectDefinition? definition, int maxTitle)
    {
        sql.Append("INSERT INTO records (id, object, stage, owner_id, title, \"values\", created_at, updated_at, created_by, ")
            .Append("updated_by, stage_entered_at, version, deleted, config_version, amount) VALUES (")
            .Append($"{sql.Param(record.Id)}, {sql.Param(record.Object)}, {sql.Param(record.Stage)}, {sql.Param(record.OwnerId)}, ")
            .Append($"{sql.Param(Truncate(record.Title, maxTitle))}, {dialect.JsonParameter(sql.Param(StoredValues.Write(record.Values, definition)))}, ")
            .Append($"{sql.Param(Utc(record.CreatedAt))}, {sql.Param(Utc(record.UpdatedAt))}, {sql.Param(record.CreatedBy)}, ")
            .Append($"{sql.Param(record.UpdatedBy)}, {sql.Param(Utc(record.StageEnteredAt))}, 1, {sql.Param(record.Deleted)}, ")
            .Append($"{sql.Param(record.ConfigVersion)}, {sql.Param(record.Amount)}) RETURNING {dialect.RowVersion("")};\n");
    }

    /// <summary>
    /// Updates only when the row version still is <paramref name="expectedVersion"/> (null: any).
    /// The check is in the UPDATE itself, so two concurrent saves from one version cannot both pass:
    /// the second waits for the first's row lock and then no longer matches.
    /// </summary>
    public static void Update(SqlDialect dialect, SqlCommandBuilder sql, StoredRecord record, ObjectDefinition? definition, long? expectedVersion, int maxTitle)
    {
        sql.Append($"UPDATE records SET stage = {sql.Param(record.Stage)}, owner_id = {sql.Param(record.OwnerId)}, ")
            .Append($"title = {sql.Param(Truncate(record.Title, maxTitle))}, ")
            .Append($"\"values\" = {dialect.JsonParameter(sql.Param(StoredValues.Write(record.Values, definition)))}, ")
            .Append($"updated_at = {sql.Param(Utc(record.UpdatedAt))}, updated_by = {sql.Param(record.UpdatedBy)}, ")
            .Append($"stage_entered_at = {sql.Param(Utc(record.StageEnteredAt))}, deleted = {sql.Param(record.Deleted)}, ")
            .Append($"config_version = {sql.Param(record.ConfigVersion)}, amount = {sql.Param(record.Amount)}, version = version + 1 ")
            .Append($"WHERE id = {sql.Param(record.Id)} AND object = {sql.Param(record.Object)}");
        if (expectedVersion is { } expected) sql.Append($" AND {dialect.RowVersion("")} = {sql.Param(expected)}");
        sql.Append($" RETURNING {dialect.RowVersion("")};\n");
    }

    public static void FieldHistory(SqlCommandBuilder sql, IReadOnlyList<FieldHistoryEntry> entries)
    {
        if (entries.Count == 0) return;
        sql.Append("INSERT INTO field_history (record_id, field, old_value, new_value, \"at\", \"by\") VALUES ");
        sql.Append(string.Join(", ", entries.Select(e =>
            $"({sql.Param(e.RecordId)}, {sql.Param(e.Field)}, {sql.Param(e.OldValue)}, {sql.Param(e.NewValue)}, {sql.Param(Utc(e.At))}, {sql.Param(e.By)})")));
        sql.Append(";\n");
    }

    public static void StageHistory(SqlCommandBuilder sql, StageHistoryEntry move)
    {
        sql.Append("INSERT INTO stage_history (record_id, object, from_stage, to_stage, \"at\", \"by\", seconds_in_previous_stage, amount) VALUES (")
            .Append($"{sql.Param(move.RecordId)}, {sql.Param(move.Object)}, {sql.Param(move.From)}, {sql.Param(move.To)}, ")
            .Append($"{sql.Param(Utc(move.At))}, {sql.Param(move.By)}, {sql.Param(move.SecondsInPreviousStage)}, {sql.Param(move.Amount)});\n");
    }

    /// <summary>
    /// The client's idempotency key with the record it saved; in the save's transaction, so the key is
    /// stored exactly when the record is. A key the user already stored violates the primary key.
    /// </summary>
    public static void IdempotencyKey(SqlCommandBuilder sql, IdempotencyKey key, StoredRecord record, DateTime now)
    {
        sql.Append("INSERT INTO idempotency_keys (user_id, key, request_hash, object, record_id, created_at) VALUES (")
            .Append($"{sql.Param(key.UserId)}, {sql.Param(key.Key)}, {sql.Param(key.RequestHash)}, {sql.Param(record.Object)}, ")
            .Append($"{sql.Param(record.Id)}, {sql.Param(Utc(now))});\n");
    }

    public static string? Truncate(string? text, int max) => text is { Length: var length } && length > max ? text[..max] : text;

    private static DateTime Utc(DateTime time) => StoredValues.ToUtc(time);

    private static DateTime? Utc(DateTime? time) => time is { } t ? StoredValues.ToUtc(t) : null;
}
