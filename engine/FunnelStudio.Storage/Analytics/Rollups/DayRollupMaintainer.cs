using System.Data.Common;
using FunnelStudio.Analytics;
using FunnelStudio.Analytics.Forecast;
using FunnelStudio.Storage.Sql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Storage.Analytics.Rollups;

/// <summary>
/// Builds an object's per-day rollups from its whole history, and rebuilds the days the triggers marked. Each
/// runs in one transaction that also removes the marks it consumed (only those: a mark written meanwhile stays
/// for the next round), so a reader sees a day either as it was with its mark or rebuilt without it. On
/// PostgreSQL an advisory lock per object keeps two portal instances from rebuilding the same days at once.
/// </summary>
public sealed class DayRollupMaintainer(IDbContextFactory<FunnelStudioDbContext> contexts, FunnelStudioStorageOptions storage,
    IOptions<AnalyticsOptions> analytics, TimeProvider clock)
{
    /// <summary>Marks consumed per transaction: bounds the raw read of one rebuild.</summary>
    public const int MarksPerRound = 2000;

    private readonly SqlDialect _dialect = SqlDialect.For(storage.Provider);

    /// <summary>
    /// Builds the object's rollups unless they exist for the analytics zone and these terminal stages; returns
    /// whether it built. The state row is written (not built) first, so that saves from then on leave marks.
    /// </summary>
    public async Task<bool> EnsureBuiltAsync(string obj, IReadOnlyCollection<string> terminals, CancellationToken cancellationToken)
    {
        var signature = RollupAnalyticsStore.Terminals(terminals);
        var zone = analytics.Value.TimeZone;
        await using (var session = await StoreSession.OpenAsync(contexts, cancellationToken))
        {
            if (await StateAsync(session, null, obj, zone, signature, cancellationToken) == true) return false;
            var sql = session.Command();
            sql.Append("INSERT INTO analytics_rollup_states (object, zone, terminals, built, updated_at) ")
               .Append($"VALUES ({sql.Param(obj)}, {sql.Param(zone)}, {sql.Param(signature)}, FALSE, {sql.Param(clock.GetUtcNow().UtcDateTime)}) ")
               .Append("ON CONFLICT (object) DO UPDATE SET zone = excluded.zone, terminals = excluded.terminals, built = FALSE, updated_at = excluded.updated_at");
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        return await InTransactionAsync(obj, async (session, transaction) =>
        {
            if (await StateAsync(session, transaction, obj, zone, signature, cancellationToken) != false) return false;
            var marks = await MarksAsync(session, transaction, obj, int.MaxValue, cancellationToken);
            var groups = new DayGroups(Calendar);
            await new FactReader(_dialect, obj, terminals).ReadAsync(session, transaction, null, null, groups.Add, cancellationToken);
            var delete = session.Command(transaction);
            delete.Append($"DELETE FROM analytics_day_rollups WHERE object = {delete.Param(obj)}");
            await delete.Build().ExecuteNonQueryAsync(cancellationToken);
            var rows = groups.ToRows(obj);
            rows.AddRange(RollupSums.Months(obj, rows));
            rows.AddRange(RollupSums.Totals(obj, rows));
            await RollupTable.InsertAsync(session, storage.Provider, RollupTable.InIndexOrder(rows), cancellationToken);
            await DeleteMarksAsync(session, transaction, marks.Select(m => m.Id), cancellationToken);
            var built = session.Command(transaction);
            built.Append($"UPDATE analytics_rollup_states SET built = TRUE, updated_at = {built.Param(clock.GetUtcNow().UtcDateTime)} WHERE object = {built.Param(obj)}");
            await built.Build().ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <summary>Rebuilds the days of up to <see cref="MarksPerRound"/> marks of a built object; returns how many marks it consumed.</summary>
    public Task<int> RefreshAsync(string obj, IReadOnlyCollection<string> terminals, CancellationToken cancellationToken) =>
        InTransactionAsync(obj, async (session, transaction) =>
        {
            var marks = await MarksAsync(session, transaction, obj, MarksPerRound, cancellationToken);
            if (marks.Count == 0) return 0;
            var calendar = Calendar;
            var days = marks.GroupBy(m => m.Owner).ToDictionary(g => g.Key, g => g.Select(m => calendar.DayOf(m.At).DayNumber).ToHashSet());
            var ranges = Ranges(days.Values.SelectMany(d => d).Distinct().Order(), calendar);
            var facts = (await new FactReader(_dialect, obj, terminals).ReadAsync(session, transaction, days.Keys.ToList(), ranges, cancellationToken))
                .Where(f => days.TryGetValue(f.Owner, out var owned) && owned.Contains(calendar.DayOf(f.At).DayNumber));
            foreach (var (owner, owned) in days) await RollupTable.DeleteAsync(session, transaction, obj, owner, RollupGrain.Day, owned, cancellationToken);
            await RollupTable.InsertAsync(session, storage.Provider, FactGroup.ToRows(obj, facts, calendar), cancellationToken);
            await ResumAsync(session, transaction, obj, days, cancellationToken);
            await DeleteMarksAsync(session, transaction, marks.Select(m => m.Id), cancellationToken);
            return marks.Count;
        }, cancellationToken);

    /// <summary>
    /// Sums the rows that depend on the rebuilt days, in the same transaction: each owner's months that hold one of
    /// them, then the rows without an owner of those days and months.
    /// </summary>
    private async Task ResumAsync(StoreSession session, DbTransaction transaction, string obj, Dictionary<string, HashSet<int>> days,
        CancellationToken cancellationToken)
    {
        var rows = session.Db.Set<DayRollupRow>().AsNoTracking();
        var monthsTouched = new HashSet<int>();
        foreach (var (owner, owned) in days)
        {
            var months = owned.Select(RollupSums.MonthOf).ToHashSet();
            monthsTouched.UnionWith(months);
            // One read per owner over the touched months' span (a few thousand rows at most), kept to those months.
            var (from, to) = (months.Min(), RollupSums.NextMonth(months.Max()));
            var dayRows = (await rows.Where(r => r.Object == obj && r.OwnerId == owner && r.Grain == RollupGrain.Day && r.Day >= from && r.Day < to)
                .ToListAsync(cancellationToken)).Where(r => months.Contains(RollupSums.MonthOf(r.Day)));
            await RollupTable.DeleteAsync(session, transaction, obj, owner, RollupGrain.Month, months, cancellationToken);
            await RollupTable.InsertAsync(session, storage.Provider, RollupSums.Months(obj, dayRows), cancellationToken);
        }
        var daysTouched = days.Values.SelectMany(d => d).Distinct().ToList();
        var ownerRows = new List<DayRollupRow>();
        foreach (var (grain, numbers) in new[] { (RollupGrain.Day, daysTouched), (RollupGrain.Month, monthsTouched.ToList()) })
        {
            await RollupTable.DeleteAsync(session, transaction, obj, null, grain, numbers, cancellationToken);
            foreach (var chunk in numbers.Chunk(RollupTable.Chunk))
                ownerRows.AddRange(await rows.Where(r => r.Object == obj && r.OwnerId != null && r.Grain == grain && chunk.Contains(r.Day))
                    .ToListAsync(cancellationToken));
        }
        await RollupTable.InsertAsync(session, storage.Provider, RollupSums.Totals(obj, ownerRows), cancellationToken);
    }

    /// <summary>
    /// Drops the rollups, marks and state of objects that are no longer pipeline objects of the package (a state
    /// row makes the triggers mark its object; nothing would ever consume those marks).
    /// </summary>
    public async Task DropOthersAsync(IReadOnlyCollection<string> objects, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var table in new[] { "analytics_rollup_states", "analytics_day_rollups", "analytics_rollup_marks" })
        {
            var sql = session.Command(transaction.GetDbTransaction());
            sql.Append($"DELETE FROM {table}");
            if (objects.Count > 0) sql.Append($" WHERE object NOT IN ({string.Join(", ", objects.Select(o => sql.Param(o)))})");
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private AnalyticsCalendar Calendar => new(analytics.Value.Zone);

    /// <summary>Consecutive days as merged [first instant, next day's first instant) ranges.</summary>
    private static List<(DateTime Start, DateTime End)> Ranges(IEnumerable<int> days, AnalyticsCalendar calendar)
    {
        var ranges = new List<(DateTime Start, DateTime End)>();
        var last = int.MinValue;
        foreach (var day in days)
        {
            var end = calendar.StartUtc(DateOnly.FromDayNumber(day + 1));
            if (day == last + 1) ranges[^1] = (ranges[^1].Start, end);
            else ranges.Add((calendar.StartUtc(DateOnly.FromDayNumber(day)), end));
            last = day;
        }
        return ranges;
    }

    /// <summary>Null: no state; true: built for this zone and these terminals; false: anything else.</summary>
    private static async Task<bool?> StateAsync(StoreSession session, DbTransaction? transaction, string obj, string zone, string terminals,
        CancellationToken cancellationToken)
    {
        var sql = session.Command(transaction);
        sql.Append($"{RollupAnalyticsStore.StateColumns} WHERE object = {sql.Param(obj)}");
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return RollupAnalyticsStore.BuiltFor(reader, zone, terminals);
    }

    private static async Task<List<(long Id, string Owner, DateTime At)>> MarksAsync(StoreSession session, DbTransaction transaction, string obj,
        int limit, CancellationToken cancellationToken)
    {
        var sql = session.Command(transaction);
        sql.Append($"SELECT id, owner_id, at FROM analytics_rollup_marks WHERE object = {sql.Param(obj)} ORDER BY id");
        if (limit < int.MaxValue) sql.Append($" LIMIT {limit}");
        var marks = new List<(long, string, DateTime)>();
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            marks.Add((reader.GetInt64(0), reader.GetString(1), DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc)));
        return marks;
    }

    private static async Task DeleteMarksAsync(StoreSession session, DbTransaction transaction, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(RollupTable.Chunk))
        {
            var sql = session.Command(transaction);
            sql.Append($"DELETE FROM analytics_rollup_marks WHERE id IN ({string.Join(", ", chunk.Select(id => sql.Param(id)))})");
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction, holding the object's advisory lock on PostgreSQL.</summary>
    private async Task<T> InTransactionAsync<T>(string obj, Func<StoreSession, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var session = await StoreSession.OpenAsync(contexts, cancellationToken);
        await using var transaction = await session.Db.Database.BeginTransactionAsync(cancellationToken);
        var db = transaction.GetDbTransaction();
        if (storage.Provider == StorageProvider.Postgres)
        {
            var sql = session.Command(db);
            sql.Append($"SELECT pg_advisory_xact_lock(hashtextextended({sql.Param("analytics_rollups/" + obj)}, 0))");
            await sql.Build().ExecuteNonQueryAsync(cancellationToken);
        }
        var result = await work(session, db);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
