using FunnelStudio.Access;
using FunnelStudio.Metadata;
using FunnelStudio.Saving;
using Microsoft.Extensions.Options;

namespace FunnelStudio.Analytics.Forecast;

/// <summary>
/// Forecast against won per month (see README.md for the definitions). Access is applied here, once:
/// the user's readable owners narrow every figure, and a hidden amount field refuses the forecast.
/// </summary>
public sealed class ForecastService(IPackageRuntime runtime, IForecastStore store, IOptions<AnalyticsOptions> options) : IForecastService
{
    /// <summary>The longest range of months a forecast covers (ten years).</summary>
    public const int MaxMonths = 120;

    private readonly AnalyticsCalendar _calendar = new(options.Value.Zone);

    public async Task<ForecastReport> ForecastAsync(ForecastQuery query, ActingUser user, CancellationToken cancellationToken)
    {
        var (access, obj) = Authorize(query.Object, user);
        var from = AnalyticsCalendar.MonthOf(query.From);
        var to = AnalyticsCalendar.MonthOf(query.To);
        CheckRange(from, to);
        var owners = new OwnerFilter(access.ReadableOwners, query.Owners);
        var months = Months(from, to).ToList();

        var stored = await store.SnapshotDaysAsync(obj.Name, from, to, cancellationToken);
        var forecastRows = (await store.SnapshotRowsAsync(obj.Name, months, cancellationToken))
            .Where(r => r.CloseMonth == r.Day && owners.Allows(r.OwnerId)).ToList();
        var won = (await WonAsync(obj, from, to.AddMonths(1), cancellationToken)).Where(w => owners.Allows(w.Move.OwnerId)).ToList();

        var total = months.Select(m => Month(m, null, stored.Contains(m),
            forecastRows.Where(r => r.Day == m), won.Where(w => w.Month == m))).ToList();
        var byOwner = !query.ByOwner ? [] : months.SelectMany(m =>
        {
            var ownerIds = forecastRows.Where(r => r.Day == m).Select(r => r.OwnerId)
                .Concat(won.Where(w => w.Month == m).Select(w => w.Move.OwnerId)).Distinct().Order(StringComparer.Ordinal);
            return ownerIds.Select(o => Month(m, o, stored.Contains(m),
                forecastRows.Where(r => r.Day == m && r.OwnerId == o), won.Where(w => w.Month == m && w.Move.OwnerId == o)));
        }).ToList();
        return new ForecastReport(obj.Name, from, to, _calendar.Zone.Id, total, byOwner);
    }

    public async Task<ForecastDrillPage> DrillAsync(ForecastDrillQuery query, ActingUser user, CancellationToken cancellationToken)
    {
        var (access, obj) = Authorize(query.Object, user);
        var month = AnalyticsCalendar.MonthOf(query.Month);
        var owners = new OwnerFilter(access.ReadableOwners, query.Owners);
        List<ForecastDrillItem> items;
        if (query.Figure == ForecastFigure.Forecast)
        {
            // The very reconstruction the snapshot job stores, so the list's count is the snapshot's count.
            var open = await store.OpenRecordsAsync(obj, _calendar.StartUtc(month), cancellationToken);
            items = open.Where(r => owners.Allows(r.OwnerId) && SnapshotBuilder.CloseMonth(r.CloseValue, _calendar) == month)
                .Select(r => new ForecastDrillItem(r.Id, r.Title, r.Stage, r.OwnerId, r.Amount)).ToList();
        }
        else
        {
            items = (await WonAsync(obj, month, month.AddMonths(1), cancellationToken)).Where(w => owners.Allows(w.Move.OwnerId))
                .Select(w => new ForecastDrillItem(w.Move.RecordId, w.Move.Title, w.Move.CurrentStage, w.Move.OwnerId, w.Move.Amount)).ToList();
        }
        var page = Math.Max(1, query.Page);
        var size = Math.Clamp(query.PageSize, 1, 200);
        var ordered = items.OrderByDescending(i => i.Amount ?? 0m).ThenBy(i => i.Id).ToList();
        return new ForecastDrillPage(ordered.Skip((page - 1) * size).Take(size).ToList(), ordered.Count, ordered.Sum(i => i.Amount ?? 0m), page, size);
    }

    /// <summary>
    /// The records won in each month of [from, to): per record and month, its last move into a terminal
    /// stage in that month, kept when that stage is a won one.
    /// </summary>
    private async Task<List<WonMove>> WonAsync(ObjectDefinition obj, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var pipeline = obj.Pipeline!;
        var moves = await store.TerminalMovesAsync(obj, _calendar.StartUtc(from), _calendar.StartUtc(to), cancellationToken);
        return moves
            .GroupBy(m => (m.RecordId, Month: AnalyticsCalendar.MonthOf(_calendar.DayOf(m.At))))
            .Select(g => new WonMove(g.Key.Month, g.OrderBy(m => m.At).ThenBy(m => m.MoveId).Last()))
            .Where(w => pipeline.Find(w.Move.ToStage)?.Terminal == StageTerminal.Won)
            .ToList();
    }

    private static ForecastMonth Month(DateOnly month, string? owner, bool hasSnapshot, IEnumerable<SnapshotRow> forecast, IEnumerable<WonMove> won)
    {
        var rows = forecast.ToList();
        var wonMoves = won.ToList();
        var wonAmount = wonMoves.Sum(w => w.Move.Amount ?? 0m);
        if (!hasSnapshot) return new ForecastMonth(month, owner, false, null, null, null, wonAmount, wonMoves.Count, null, null);
        var weighted = rows.Sum(r => r.WeightedAmount);
        var error = wonAmount - weighted;
        decimal? accuracy = weighted == 0 ? null : Math.Max(0m, 1m - Math.Abs(error) / weighted);
        return new ForecastMonth(month, owner, true, weighted, rows.Sum(r => r.Amount), rows.Sum(r => r.Count), wonAmount, wonMoves.Count, error, accuracy);
    }

    private (ObjectAccess Access, ObjectDefinition Object) Authorize(string name, ActingUser user)
    {
        var package = runtime.Current;
        if (package.Object(name) is not { } compiled)
            throw new ForecastQueryException(ForecastErrors.ObjectUnknown, $"There is no object '{name}'.");
        var access = package.Access.For(user, compiled.Definition);
        if (!access.CanReadAny) throw new ForecastQueryException(ForecastErrors.ObjectUnknown, $"There is no object '{name}'.");
        var obj = compiled.Definition;
        if (obj.Pipeline is null) throw new ForecastQueryException(ForecastErrors.NoPipeline, $"'{name}' has no pipeline to forecast.");
        // A forecast is a sum of amounts: it would tell what a hidden amount field holds.
        if (obj.Amount is { } amount && access.IsHidden(amount.Name))
            throw new ForecastQueryException(ForecastErrors.FieldForbidden, $"The forecast sums '{amount.Name}', which you may not see.");
        return (access, obj);
    }

    private static void CheckRange(DateOnly from, DateOnly to)
    {
        if (from > to) throw new ForecastQueryException(ForecastErrors.RangeInvalid, $"The range starts ({from:yyyy-MM}) after it ends ({to:yyyy-MM}).");
        if ((to.Year - from.Year) * 12 + to.Month - from.Month + 1 > MaxMonths)
            throw new ForecastQueryException(ForecastErrors.RangeTooLong, $"The range covers more than {MaxMonths / 12} years.");
    }

    private static IEnumerable<DateOnly> Months(DateOnly from, DateOnly to)
    {
        for (var m = from; m <= to; m = m.AddMonths(1)) yield return m;
    }

    private sealed record WonMove(DateOnly Month, TerminalMove Move);

    /// <summary>The readable owners (null: all) narrowed by the caller's owner or team filter (null: none).</summary>
    private sealed class OwnerFilter(IReadOnlyList<string>? readable, IReadOnlyList<string>? asked)
    {
        private readonly HashSet<string>? _readable = readable is null ? null : new(readable, StringComparer.Ordinal);
        private readonly HashSet<string>? _asked = asked is null ? null : new(asked, StringComparer.Ordinal);

        public bool Allows(string? owner) =>
            (_readable is null || owner is not null && _readable.Contains(owner)) && (_asked is null || owner is not null && _asked.Contains(owner));
    }
}
