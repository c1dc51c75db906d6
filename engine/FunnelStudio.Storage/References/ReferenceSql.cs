using System.Data.Common;
using FunnelStudio.References;
using FunnelStudio.Storage.Sql;

namespace FunnelStudio.Storage.References;

/// <summary>
/// The query for the live records that point to given records: one arm per lookup, on the lookup's
/// value as text — the expression of its index (its field index when it is marked indexed, else
/// the partial lookup index, see <see cref="Config.FieldIndexer"/>), with the object name inlined
/// and the index's IS NOT NULL repeated so either partial index matches on both databases.
/// </summary>
internal static class ReferenceSql
{
    /// <summary>Appends the query; false (nothing appended) when no lookup can point to any of the targets.</summary>
    public static bool Pointing(SqlDialect dialect, SqlCommandBuilder sql, IReadOnlyList<LookupField> lookups, IReadOnlyCollection<RecordRef> targets)
    {
        var arms = new List<string>();
        foreach (var lookup in lookups)
        {
            var ids = targets.Where(t => t.Object == lookup.Target).Select(t => t.Id.ToString()).Distinct().ToList();
            if (ids.Count == 0) continue;
            var obj = SqlNames.Require(lookup.Object, "object");
            var field = SqlNames.Require(lookup.Name, "field");
            var value = dialect.JsonSortKey("r", field, numeric: false);
            arms.Add($"SELECT r.id, '{obj}', '{field}', {value}, r.owner_id FROM records r " +
                     $"WHERE r.object = '{obj}' AND r.deleted = FALSE AND {value} IS NOT NULL AND {dialect.InTexts(sql, value, ids)}");
        }
        if (arms.Count == 0) return false;
        sql.Append(string.Join("\nUNION ALL ", arms)).Append(";\n");
        return true;
    }

    public static async Task<List<PointingRecord>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var found = new List<PointingRecord>();
        while (await reader.ReadAsync(cancellationToken))
            if (Guid.TryParse(reader.GetString(3), out var target))
                found.Add(new PointingRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), target,
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
        return found;
    }
}
