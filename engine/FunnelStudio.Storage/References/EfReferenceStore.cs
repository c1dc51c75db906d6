using FunnelStudio.References;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.References;

/// <summary><see cref="IReferenceStore"/>: the records pointing to others, one query (a UNION of one arm per lookup).</summary>
public sealed class EfReferenceStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options) : IReferenceStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task<IReadOnlyList<PointingRecord>> PointingAsync(IReadOnlyList<LookupField> lookups, IReadOnlyCollection<RecordRef> targets,
        CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        if (!ReferenceSql.Pointing(_dialect, sql, lookups, targets)) return [];
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        return await ReferenceSql.ReadAsync(reader, cancellationToken);
    }
}
