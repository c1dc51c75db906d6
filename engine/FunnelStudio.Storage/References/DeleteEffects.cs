using FunnelStudio.Records;
using FunnelStudio.References;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using Npgsql;
using NpgsqlTypes;

namespace FunnelStudio.Storage.References;

/// <summary>
/// Carries out a <see cref="DeletePlan"/> inside the delete's transaction. First <see cref="VerifyAsync"/>:
/// on PostgreSQL every record the delete removes is locked FOR UPDATE (in id order, so two deletes
/// cannot deadlock), which waits for any write holding a key-share lock on it (a create or update
/// pointing to it, see <see cref="ReferenceGuard"/>) and makes later ones wait; then the pointing
/// records are read again, and must be what the plan saw. Then <see cref="Append"/> adds the cascade
/// deletes and the cleared lookups (with field history, a new version, by the deleting user) to
/// the delete's own command.
/// </summary>
internal static class DeleteEffects
{
    public static async Task VerifyAsync(SqlDialect dialect, SqlCommandBuilder sql, DeletePlan plan, CancellationToken cancellationToken)
    {
        var postgres = dialect.Provider == StorageProvider.Postgres;
        if (postgres)
            sql.Append($"SELECT id FROM records WHERE id = ANY({Uuids(sql, plan.Deleted.Select(d => d.Id))}) ORDER BY id FOR UPDATE;\n");
        var queried = ReferenceSql.Pointing(dialect, sql, plan.Lookups, plan.Deleted);
        var now = new List<PointingRecord>();
        if (postgres || queried)
        {
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            if (postgres)
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    // The lock's rows: nothing to read.
                }
                if (queried) await reader.NextResultAsync(cancellationToken);
            }
            if (queried) now = await ReferenceSql.ReadAsync(reader, cancellationToken);
        }
        if (!now.ToHashSet().SetEquals(plan.Pointing))
            throw new ReferencesChangedException($"The records pointing to {plan.Deleted[0].Object} {plan.Deleted[0].Id} changed while it was being deleted.");
    }

    public static void Append(SqlDialect dialect, SqlCommandBuilder sql, DeletePlan plan, StoredRecord record)
    {
        var at = sql.Param(StoredValues.ToUtc(record.UpdatedAt));
        var by = sql.Param(record.UpdatedBy);
        var postgres = dialect.Provider == StorageProvider.Postgres;
        // PostgreSQL takes any number of ids as one array; SQLite gets them in chunks, within its parameter limit.
        var all = plan.Cascaded.Select(r => r.Id).ToArray();
        IEnumerable<Guid[]> chunks = all.Length == 0 ? [] : postgres ? [all] : all.Chunk(SqliteChunk);
        foreach (var cascaded in chunks)
        {
            var ids = IdFilter(dialect, sql, cascaded);
            sql.Append($"UPDATE records SET deleted = TRUE, version = version + 1, updated_at = {at}, updated_by = {by} WHERE deleted = FALSE AND id {ids};\n")
                .Append($"DELETE FROM record_keys WHERE record_id {ids};\n");
        }
        foreach (var group in plan.Cleared.GroupBy(p => (p.Object, p.Field)))
        {
            var obj = SqlNames.Require(group.Key.Object, "object");
            var field = SqlNames.Require(group.Key.Field, "field");
            if (postgres) ClearOnPostgres(sql, obj, field, group.ToList(), at, by);
            else foreach (var cleared in group.Chunk(SqliteChunk)) ClearOnSqlite(sql, obj, field, cleared, at, by);
        }
    }

    /// <summary>Records per SQLite statement: a few parameters each, far below SQLite's limit of 32,766.</summary>
    private const int SqliteChunk = 500;

    /// <summary>One statement: only the records still pointing get cleared, and exactly those get a history row.</summary>
    private static void ClearOnPostgres(SqlCommandBuilder sql, string obj, string field, List<PointingRecord> cleared, string at, string by)
    {
        var ids = Uuids(sql, cleared.Select(p => p.Id));
        var targets = Texts(sql, cleared.Select(p => p.Target.ToString()));
        var old = Texts(sql, cleared.Select(p => OldValue(p)));
        sql.Append("WITH cleared AS (")
            .Append($"UPDATE records r SET \"values\" = r.\"values\" - '{field}', version = r.version + 1, updated_at = {at}, updated_by = {by} ")
            .Append($"WHERE r.id = ANY({ids}) AND r.object = '{obj}' AND r.deleted = FALSE AND (r.\"values\" ->> '{field}') = ANY({targets}) RETURNING r.id) ")
            .Append("INSERT INTO field_history (record_id, field, old_value, new_value, \"at\", \"by\") ")
            .Append($"SELECT c.id, '{field}', u.old, NULL, {at}, {by} FROM cleared c JOIN unnest({ids}, {old}) AS u(id, old) ON u.id = c.id;\n")
            .Append($"DELETE FROM record_keys WHERE field = '{field}' AND record_id = ANY({ids});\n");
    }

    /// <summary>SQLite has one writer, and the plan was verified in this transaction: the history rows are the plan's.</summary>
    private static void ClearOnSqlite(SqlCommandBuilder sql, string obj, string field, IReadOnlyList<PointingRecord> cleared, string at, string by)
    {
        sql.Append("INSERT INTO field_history (record_id, field, old_value, new_value, \"at\", \"by\") VALUES ")
            .Append(string.Join(", ", cleared.Select(p => $"({sql.Param(p.Id)}, '{field}', {sql.Param(OldValue(p))}, NULL, {at}, {by})")))
            .Append(";\n");
        var idFilter = "(" + string.Join(", ", cleared.Select(p => sql.Param(p.Id))) + ")";
        sql.Append($"UPDATE records SET \"values\" = json_remove(\"values\", '$.{field}'), version = version + 1, updated_at = {at}, updated_by = {by} ")
            .Append($"WHERE id IN {idFilter} AND object = '{obj}' AND deleted = FALSE ")
            .Append($"AND {SqliteDialect.Instance.InTexts(sql, $"json_extract(\"values\", '$.{field}')", cleared.Select(p => p.Target.ToString()).Distinct().ToList())};\n")
            .Append($"DELETE FROM record_keys WHERE field = '{field}' AND record_id IN {idFilter};\n");
    }

    /// <summary>The lookup's value as field history keeps it (JSON text, as every other change).</summary>
    private static string OldValue(PointingRecord p) => RecordJson.ValueText(p.Target.ToString())!;

    /// <summary>"= ANY(array)" on PostgreSQL, "IN (…)" on SQLite (ids as EF stores them there).</summary>
    private static string IdFilter(SqlDialect dialect, SqlCommandBuilder sql, IReadOnlyCollection<Guid> ids) =>
        dialect.Provider == StorageProvider.Postgres
            ? $"= ANY({Uuids(sql, ids)})"
            : "IN (" + string.Join(", ", ids.Select(id => sql.Param(id))) + ")";

    private static string Uuids(SqlCommandBuilder sql, IEnumerable<Guid> ids) =>
        sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids.ToArray() });

    private static string Texts(SqlCommandBuilder sql, IEnumerable<string> values) =>
        sql.Param(name => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
}
