using System.Data.Common;
using System.Globalization;
using FunnelStudio.Reports;
using FunnelStudio.Saving;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;

namespace FunnelStudio.Storage.Reports;

/// <summary>
/// <see cref="IReportStore"/> on SQLite and PostgreSQL (<see cref="ReportSql"/>). Every call runs
/// under the query's time limit (<see cref="StatementLimit"/>): PostgreSQL is sent a cancel request,
/// SQLite's statement is aborted by its progress handler, and either becomes <see cref="ReportTimeoutException"/>.
/// </summary>
public sealed class EfReportStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options,
    IObjectDefinitionSource definitions) : IReportStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public async Task<(object Min, object Max)?> RangeAsync(ReportQuery query, ReportColumn column, CancellationToken cancellationToken)
    {
        return await LimitedAsync(query, async (session, token) =>
        {
            var sql = session.Command();
            var report = new ReportSql(_dialect, sql);
            var where = report.Where(query);
            var value = column.SystemColumn is null ? $"NULLIF({report.Text(column)}, '')" : report.Text(column);
            sql.Append($"SELECT MIN({value}), MAX({value}) FROM records r WHERE {where}");
            await using var reader = await sql.Build().ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token) || reader.IsDBNull(0)) return ((object, object)?)null;
            return Parse(column, reader.GetValue(0)) is { } min && Parse(column, reader.GetValue(1)) is { } max ? (min, max) : null;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ReportStoreRow>> RunAsync(ReportQuery query, CancellationToken cancellationToken)
    {
        return await LimitedAsync(query, async (session, token) =>
        {
            var sql = session.Command();
            var report = new ReportSql(_dialect, sql);
            var keys = query.Groups.Select(report.GroupKey).ToList();
            var measures = query.Measures.Select(report.Measure).ToList();
            var where = report.Where(query);
            sql.Append($"SELECT {string.Join(", ", keys.Concat(measures))} FROM records r WHERE {where}");
            if (keys.Count > 0) sql.Append(" GROUP BY " + string.Join(", ", keys.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture))));
            await using var reader = await sql.Build().ExecuteReaderAsync(token);
            var rows = new List<ReportStoreRow>();
            while (await reader.ReadAsync(token))
            {
                var groupKeys = keys.Select((_, i) => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToList();
                var values = measures.Select((_, i) => RecordReader.Decimal(reader, keys.Count + i) is { } v ? Math.Round(v, 6) : (decimal?)null).ToList();
                rows.Add(new ReportStoreRow(groupKeys, values));
            }
            return (IReadOnlyList<ReportStoreRow>)rows;
        }, cancellationToken);
    }

    public async Task<RecordPage> RecordsAsync(ReportQuery query, int page, int pageSize, CancellationToken cancellationToken)
    {
        return await LimitedAsync(query, async (session, token) =>
        {
            var sql = session.Command();
            var where = new ReportSql(_dialect, sql).Where(query);
            var offset = (long)(page - 1) * pageSize;
            sql.Append($"SELECT {_dialect.RecordColumns("r")} FROM records r WHERE {where} ORDER BY r.created_at DESC, r.id DESC ")
                .Append($"LIMIT {pageSize.ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)};\n")
                .Append($"SELECT COUNT(*) FROM records r WHERE {where};");
            await using var reader = await sql.Build().ExecuteReaderAsync(token);
            var items = await RecordReader.ReadAllAsync(reader, definitions, token);
            await reader.NextResultAsync(token);
            await reader.ReadAsync(token);
            return new RecordPage(items, (int)reader.GetInt64(0), page, pageSize);
        }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on an open session under the query's time limit. The clock starts
    /// once the connection is open: waiting for one is the pool's matter, not the report's.
    /// </summary>
    private async Task<T> LimitedAsync<T>(ReportQuery query, Func<StoreSession, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        using var limit = StatementLimit.Start(session.Db.Database.GetDbConnection(), query.Timeout, cancellationToken);
        try
        {
            var result = await work(session, limit.Token);
            limit.ThrowIfExpired(cancellationToken);
            return result;
        }
        catch (Exception e) when (limit.Expired(cancellationToken) && e is not ReportTimeoutException)
        {
            throw new ReportTimeoutException(query.Timeout, e);
        }
    }

    /// <summary>A MIN/MAX of a date column: a day for dates, a UTC instant for date-times and timestamps; null when it is no date.</summary>
    private static object? Parse(ReportColumn column, object value)
    {
        if (value is DateTime instant) return DateTime.SpecifyKind(instant.Kind == DateTimeKind.Local ? instant.ToUniversalTime() : instant, DateTimeKind.Utc);
        if (value is not string text) return null;
        if (column.Kind == ReportValueKind.Date)
            return DateOnly.TryParseExact(text.Length >= 10 ? text[..10] : text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc) : null;
    }
}
