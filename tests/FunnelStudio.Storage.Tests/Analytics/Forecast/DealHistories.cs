using System.Globalization;
using System.Text.Json;
using FunnelStudio.Metadata;
using FunnelStudio.Storage.Entities;

namespace FunnelStudio.Storage.Tests.Analytics.Forecast;

/// <summary>
/// Histories of pipeline records with known answers: each record is a list of events (create, move,
/// owner / amount / close date change) and a deleted flag. <see cref="WriteAsync"/> stores them as
/// the save path would (records row with the final state, stage_history, field_history); the
/// expected figures are computed here by replaying the events, independently of the SQL under test.
/// Field and stage names come from the object's definition (a package's), never from here.
/// </summary>
public sealed class DealHistories(ObjectDefinition obj)
{
    public ObjectDefinition Object => obj;
    public PipelineDefinition Pipeline => obj.Pipeline!;
    public List<DealHistory> Deals { get; } = [];

    public IReadOnlyList<string> OpenStages => Pipeline.Stages.Where(s => !s.IsTerminal).Select(s => s.Name).ToList();
    public string Won => Pipeline.Stages.First(s => s.Terminal == StageTerminal.Won).Name;
    public string Lost => Pipeline.Stages.First(s => s.Terminal == StageTerminal.Lost).Name;

    public DealHistory Add(DateTime at, string stage, string? owner, decimal? amount, DateOnly? close)
    {
        var deal = new DealHistory(Guid.NewGuid(), $"Deal {Deals.Count + 1}");
        deal.Events.Add(new DealEvent(Utc(at), DealEventKind.Create, stage, owner, amount, close));
        Deals.Add(deal);
        return deal;
    }

    /// <summary>
    /// <paramref name="count"/> random histories from <paramref name="seed"/> over [start, end): moves
    /// forward and back, reopened and lost-then-won deals, owner, amount and close changes (some near
    /// month starts), some deleted.
    /// </summary>
    public void Generate(int seed, int count, DateTime start, DateTime end, IReadOnlyList<string?> owners)
    {
        var random = new Random(seed);
        var stages = Pipeline.Stages.Select(s => s.Name).ToList();
        var span = (end - start).TotalMinutes;
        for (var i = 0; i < count; i++)
        {
            var at = start.AddMinutes(random.NextDouble() * span * 0.6);
            var deal = Add(at, OpenStages[random.Next(OpenStages.Count)], owners[random.Next(owners.Count)],
                random.Next(5) == 0 ? null : random.Next(1, 100_000) / 4m, RandomClose(random, start));
            var events = random.Next(7);
            for (var e = 0; e < events; e++)
            {
                // Half the steps land within a few hours of a month start (UTC), where time zones matter.
                at = random.Next(2) == 0 ? NearMonthStart(at, random) : at.AddMinutes(random.Next(30, 60 * 24 * 20));
                if (at >= end) break;
                switch (random.Next(4))
                {
                    case 0: deal.Move(at, stages[random.Next(stages.Count)]); break;
                    case 1: deal.Owner(at, owners[random.Next(owners.Count)]); break;
                    case 2: deal.Amount(at, random.Next(4) == 0 ? null : random.Next(1, 100_000) / 4m); break;
                    default: deal.Close(at, RandomClose(random, start)); break;
                }
            }
            deal.Deleted = random.Next(10) == 0;
        }
    }

    private static DateTime NearMonthStart(DateTime after, Random random)
    {
        var next = new DateTime(after.Year, after.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        var at = next.AddMinutes(random.Next(-10 * 60, 10 * 60));
        return at > after ? at : after.AddMinutes(1);
    }

    private static DateOnly? RandomClose(Random random, DateTime start) =>
        random.Next(6) == 0 ? null : DateOnly.FromDateTime(start).AddDays(random.Next(0, 250));

    /// <summary>Stores every history (rows as the save path writes them).</summary>
    public async Task WriteAsync(FunnelStudioDbContext db)
    {
        foreach (var deal in Deals) deal.AddRows(db, obj);
        await db.SaveChangesAsync();
    }

    /// <summary>The state of every live record at <paramref name="instant"/> (events at or before it applied), when it exists then.</summary>
    public IEnumerable<(DealHistory Deal, DealState State)> AsOf(DateTime instant) =>
        Deals.Where(d => !d.Deleted).Select(d => (d, d.StateAt(instant))).Where(x => x.Item2 is not null).Select(x => (x.d, x.Item2!));

    /// <summary>The records won in [from, to): per record, its last move into a terminal stage in it, when that is the won stage.</summary>
    public IEnumerable<(DealHistory Deal, DealEvent Move, string? Owner)> WonIn(DateTime from, DateTime to) =>
        Deals.Where(d => !d.Deleted)
            .Select(d => (Deal: d, Move: d.Events.Where(e => e.Stage is not null && e.At >= from && e.At < to && e.Kind == DealEventKind.Move
                && Pipeline.Find(e.Stage)!.IsTerminal).OrderBy(e => e.At).LastOrDefault()))
            .Where(x => x.Move is not null && x.Move.Stage == Won)
            .Select(x => (x.Deal, x.Move!, x.Deal.StateAt(x.Move!.At)!.Owner));

    public decimal Probability(string stage) => Pipeline.Find(stage)!.Probability;

    public static DateTime Utc(DateTime at) => DateTime.SpecifyKind(at, DateTimeKind.Utc);
}

public enum DealEventKind { Create, Move, Owner, Amount, Close }

public sealed record DealEvent(DateTime At, DealEventKind Kind, string? Stage = null, string? Owner = null, decimal? Amount = null, DateOnly? Close = null);

public sealed record DealState(string Stage, string? Owner, decimal? Amount, DateOnly? Close);

public sealed class DealHistory(Guid id, string title)
{
    public Guid Id => id;
    public string Title => title;
    public List<DealEvent> Events { get; } = [];
    public bool Deleted { get; set; }

    // Each event one second at least after the last, as saves of one record are.
    private DateTime Next(DateTime at) => DealHistories.Utc(at <= Events[^1].At ? Events[^1].At.AddSeconds(1) : at);

    public DealHistory Move(DateTime at, string stage) { Events.Add(new DealEvent(Next(at), DealEventKind.Move, Stage: stage)); return this; }
    public DealHistory Owner(DateTime at, string? owner) { Events.Add(new DealEvent(Next(at), DealEventKind.Owner, Owner: owner)); return this; }
    public DealHistory Amount(DateTime at, decimal? amount) { Events.Add(new DealEvent(Next(at), DealEventKind.Amount, Amount: amount)); return this; }
    public DealHistory Close(DateTime at, DateOnly? close) { Events.Add(new DealEvent(Next(at), DealEventKind.Close, Close: close)); return this; }

    /// <summary>Replays the events at or before <paramref name="instant"/>; null before the record existed.</summary>
    public DealState? StateAt(DateTime instant)
    {
        DealState? state = null;
        foreach (var e in Events.Where(e => e.At <= instant))
            state = e.Kind switch
            {
                DealEventKind.Create => new DealState(e.Stage!, e.Owner, e.Amount, e.Close),
                DealEventKind.Move => state! with { Stage = e.Stage! },
                DealEventKind.Owner => state! with { Owner = e.Owner },
                DealEventKind.Amount => state! with { Amount = e.Amount },
                _ => state! with { Close = e.Close },
            };
        return state;
    }

    internal void AddRows(FunnelStudioDbContext db, ObjectDefinition obj)
    {
        var created = Events[0];
        var last = StateAt(DateTime.MaxValue)!;
        var values = new Dictionary<string, object?> { [obj.EffectiveTitleField!] = title };
        if (obj.OwnerField is { } ownerField && last.Owner is not null) values[ownerField] = last.Owner;
        if (obj.Amount is { } amountField && last.Amount is not null) values[amountField.Name] = last.Amount;
        if (obj.CloseDate is { } closeField && last.Close is not null) values[closeField.Name] = last.Close.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        db.Records.Add(new RecordRow
        {
            Id = id, Object = obj.Name, Stage = last.Stage, OwnerId = last.Owner, Title = title, Values = JsonSerializer.Serialize(values),
            CreatedAt = created.At, UpdatedAt = Events[^1].At, StageEnteredAt = Events.Last(e => e.Stage is not null).At,
            Amount = last.Amount, Deleted = Deleted, ConfigVersion = 1, Version = 1,
        });
        var state = StateAt(created.At)!;
        db.StageHistory.Add(new StageHistoryRow { RecordId = id, Object = obj.Name, ToStage = state.Stage, At = created.At, Amount = state.Amount });
        foreach (var e in Events.Skip(1))
        {
            var before = StateAt(e.At.AddTicks(-1))!;
            var after = StateAt(e.At)!;
            switch (e.Kind)
            {
                case DealEventKind.Move:
                    db.StageHistory.Add(new StageHistoryRow { RecordId = id, Object = obj.Name, FromStage = before.Stage, ToStage = e.Stage!, At = e.At, Amount = after.Amount });
                    break;
                case DealEventKind.Owner when obj.OwnerField is { } f:
                    History(db, f, Json(before.Owner), Json(after.Owner), e.At);
                    break;
                case DealEventKind.Amount when obj.Amount is { } f:
                    History(db, f.Name, Json(before.Amount), Json(after.Amount), e.At);
                    break;
                case DealEventKind.Close when obj.CloseDate is { } f:
                    History(db, f.Name, Json(before.Close?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), Json(after.Close?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), e.At);
                    break;
            }
        }
    }

    private void History(FunnelStudioDbContext db, string field, string? old, string? now, DateTime at)
    {
        if (old == now) return; // the save path writes a row only for a real change
        db.FieldHistory.Add(new FieldHistoryRow { RecordId = id, Field = field, OldValue = old, NewValue = now, At = at });
    }

    /// <summary>A value as the field history stores it: canonical JSON text, null for an empty value.</summary>
    private static string? Json(object? value) => value is null ? null : JsonSerializer.Serialize(value);
}
