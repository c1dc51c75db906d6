using FunnelStudio.Saving;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.Keys;

/// <summary>
/// The <c>record_keys</c> statements of one save, appended to the save's own command so they cost
/// no round trip and commit or roll back with the record: a new record's keys, the changed keys of
/// an update (the old row of each changed field goes, the new one comes), and on a soft delete
/// every key of the record. A key another record holds fails the primary key, and the save.
/// </summary>
internal static class RecordKeyWrites
{
    public static void Append(SqlCommandBuilder sql, PersistRequest request)
    {
        var record = request.Record;
        if (record.Deleted && !request.IsNew)
        {
            // A deleted record's values are free again; deleting by record also drops keys of fields no longer unique.
            sql.Append($"DELETE FROM record_keys WHERE record_id = {sql.Param(record.Id)};\n");
            return;
        }
        if (request.Keys.Count == 0) return;
        var id = sql.Param(record.Id);
        if (!request.IsNew)
            sql.Append($"DELETE FROM record_keys WHERE record_id = {id} AND field IN {sql.ParamList(request.Keys.Select(k => k.Field))};\n");
        var filled = request.Keys.Where(k => k.Key is not null).ToList();
        if (filled.Count == 0) return;
        var obj = sql.Param(record.Object);
        sql.Append("INSERT INTO record_keys (object, field, key, record_id) VALUES ")
            .Append(string.Join(", ", filled.Select(k => $"({obj}, {sql.Param(k.Field)}, {sql.Param(k.Key)}, {id})")))
            .Append(";\n");
    }
}
