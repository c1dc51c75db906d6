using FunnelStudio.Storage.Sql;
using FunnelStudio.Versions;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Config;

/// <summary><see cref="IRecordScan"/>: pages of live records by id, the values left as stored JSON.</summary>
public sealed class EfRecordScan(IDbContextFactory<FunnelStudioDbContext> contexts) : IRecordScan
{
    public async Task<IReadOnlyList<ScannedRecord>> LiveRecordsAsync(string obj, Guid? after, int limit, CancellationToken cancellationToken)
    {
        var objectName = SqlNames.Require(obj, "object");
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        // The object name is inlined (after the name check) so the partial and object indexes match, as elsewhere.
        sql.Append($"SELECT r.id, r.stage, r.title, r.created_at, r.updated_at, r.\"values\" FROM records r WHERE r.object = '{objectName}' AND r.deleted = FALSE ");
        if (after is { } id) sql.Append($"AND r.id > {sql.Param(id)} ");
        sql.Append($"ORDER BY r.id LIMIT {Math.Clamp(limit, 1, 10_000).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        var records = new List<ScannedRecord>();
        while (await reader.ReadAsync(cancellationToken))
            records.Add(new ScannedRecord(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc), DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc),
                reader.GetString(5)));
        return records;
    }
}
