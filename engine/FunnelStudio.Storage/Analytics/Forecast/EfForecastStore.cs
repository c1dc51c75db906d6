using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Records;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace FunnelStudio.Storage.Analytics.Forecast;

/// <summary>
/// <see cref="IForecastStore"/> on both providers. A day's snapshot is written once: its
/// <c>pipeline_snapshot_days</c> row is inserted first with <c>ON CONFLICT DO NOTHING</c>, and only
/// when that inserted a row are the day's rows added, in the same transaction. A second writer of the
/// day (another instance, a rerun) waits for the first one's key on PostgreSQL, then finds it and
/// writes nothing; on SQLite writers take turns anyway.
/// </summary>
public sealed class EfForecastStore(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions options, TimeProvider time)
    : IForecastStore
{
    private readonly SqlDialect _dialect = SqlDialect.For(options.Provider);

    public Task<IReadOnlyList<OpenRecordAsOf>> OpenRecordsAsync(ObjectDefinition obj, DateTime instantUtc, CancellationToken cancellationToken) =>
        OpenAsync(obj, instantUtc, null, cancellationToken);

    public Task<IReadOnlyList<OpenRecordAsOf>> ChangedOpenRecordsAsync(ObjectDefinition obj, DateTime instantUtc,
        DateTime changedAfterUtc, DateTime changedUntilUtc, CancellationToken cancellationToken) =>
        OpenAsync(obj, instantUtc, (Utc(changedAfterUtc), Utc(changedUntilUtc)), cancellationToken);

    private async Task<IReadOnlyList<OpenRecordAsOf>> OpenAsync(ObjectDefinition obj, DateTime instantUtc, (DateTime, DateTime)? changedIn,
        CancellationToken cancellationToken)
    {
        var open = obj.Pipeline?.Stages.Where(s => !s.IsTerminal).Select(s => s.Name).ToList() ?? [];
        if (open.Count == 0) return [];
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        ForecastSql.OpenRecords(sql, _dialect, obj, Utc(instantUtc), open, changedIn);
        var found = new List<OpenRecordAsOf>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new OpenRecordAsOf(reader.GetGuid(0), Text(reader, 1), reader.GetString(2),
                Text(reader, 6) is { } owner ? JsonString(owner) : Text(reader, 3),
                Text(reader, 7) is { } amount ? JsonDecimal(amount) : RecordReader.Decimal(reader, 4),
                Text(reader, 8) is { } close ? JsonString(close) : Text(reader, 5)));
        }
        return found;
    }

    public async Task<IReadOnlyList<TerminalMove>> TerminalMovesAsync(ObjectDefinition obj, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var terminal = obj.Pipeline?.Stages.Where(s => s.IsTerminal).Select(s => s.Name).ToList() ?? [];
        if (terminal.Count == 0) return [];
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        var sql = session.Command();
        ForecastSql.TerminalMoves(sql, obj, Utc(fromUtc), Utc(toUtc), terminal);
        var moves = new List<TerminalMove>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            moves.Add(new TerminalMove(reader.GetInt64(0), reader.GetGuid(1), Text(reader, 2), Text(reader, 3), reader.GetString(4),
                Utc(reader.GetDateTime(5)), RecordReader.Decimal(reader, 6), Text(reader, 8) is { } owner ? JsonString(owner) : Text(reader, 7)));
        }
        return moves;
    }

    public async Task<IReadOnlySet<DateOnly>> SnapshotDaysAsync(string obj, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var days = await db.Set<PipelineSnapshotDayRow>().AsNoTracking()
            .Where(d => d.Object == obj && d.Day >= from && d.Day <= to).Select(d => d.Day).ToListAsync(cancellationToken);
        return days.ToHashSet();
    }

    public async Task<bool> WriteSnapshotAsync(string obj, DateOnly day, IReadOnlyList<SnapshotRow> rows, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        var claim = session.Command(transaction.GetDbTransaction());
        claim.Append("INSERT INTO pipeline_snapshot_days (object, day, taken_at) VALUES (")
            .Append($"{claim.Param(SqlNames.Require(obj, "object"))}, {claim.Param(day)}, {claim.Param(time.GetUtcNow().UtcDateTime)}) ")
            .Append("ON CONFLICT (object, day) DO NOTHING RETURNING day");
        var claimed = await claim.Build().ExecuteScalarAsync(cancellationToken);
        if (claimed is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
        session.Db.Set<PipelineSnapshotRow>().AddRange(rows.Select(r => new PipelineSnapshotRow
        {
            Object = obj, Day = day, OwnerId = r.OwnerId, CloseMonth = r.CloseMonth, Stage = r.Stage,
            Count = r.Count, Amount = r.Amount, WeightedAmount = r.WeightedAmount,
        }));
        await session.Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<SnapshotRow>> SnapshotRowsAsync(string obj, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        if (days.Count == 0) return [];
        var wanted = days.Distinct().ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<PipelineSnapshotRow>().AsNoTracking()
            .Where(r => r.Object == obj && wanted.Contains(r.Day)).ToListAsync(cancellationToken);
        return rows.Select(r => new SnapshotRow(r.Day, r.OwnerId, r.CloseMonth, r.Stage, r.Count, r.Amount, r.WeightedAmount)).ToList();
    }

    private static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

    /// <summary>A history value (canonical JSON) as text: a string's content, null for JSON null.</summary>
    private static string? JsonString(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => document.RootElement.GetString(),
            _ => document.RootElement.GetRawText(),
        };
    }

    /// <summary>A history value (canonical JSON) as a number; null for JSON null or anything not a number.</summary>
    private static decimal? JsonDecimal(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Number when root.TryGetDecimal(out var d) => d,
            JsonValueKind.String when decimal.TryParse(root.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) => s,
            _ => null,
        };
    }
}
