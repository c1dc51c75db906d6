namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// Seeded histories for the analytics tests (same seed, same data): ~14 months of opportunities that
/// move forward, skip stages, move back, are won and reopened, lost and later won, deleted, handed to
/// another owner; some have no amount or no channel; many moves fall within minutes of a week or
/// month boundary in Asia/Shanghai, America/New_York (around the DST switches) or UTC, so a figure
/// bucketed in the wrong zone lands in the wrong bucket.
/// </summary>
public sealed class HistoryGenerator
{
    public const string Object = "opportunity";
    public const string OtherObject = "unrelated_thing";

    public static readonly DateTime Start = new(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Now = new(2026, 11, 18, 10, 0, 0, DateTimeKind.Utc);

    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static readonly string[] Channels = ["web", "partner", "event"];
    private static readonly string[] Segments = ["smb", "enterprise"];

    private readonly Random _random = new(20261201);
    private readonly List<DateTime> _boundaries = Boundaries();
    private long _nextMove = 1;

    /// <summary>Managers M1 (team: R1, R2 and team lead L2 with R3), M2 (R4); R5 reports to nobody; an auditor.</summary>
    public static readonly IReadOnlyList<KnownUser> Users =
    [
        new("u-admin", "Admin", ["admin"], null),
        new("u-m1", "Manager One", ["lead_seller"], null),
        new("u-r1", "Rep One", ["seller"], "u-m1"),
        new("u-r2", "Rep Two", ["seller"], "u-m1"),
        new("u-l2", "Lead Two", ["lead_seller"], "u-m1"),
        new("u-r3", "Rep Three", ["seller"], "u-l2"),
        new("u-m2", "Manager Two", ["lead_seller"], null),
        new("u-r4", "Rep Four", ["seller"], "u-m2"),
        new("u-r5", "Rep Five", ["seller"], null),
        new("u-aud", "Auditor", ["auditor"], null),
    ];

    private static readonly string[] Owners = ["u-r1", "u-r2", "u-r3", "u-r4", "u-r5", "u-m1", "u-l2", "u-m2"];

    public IReadOnlyList<KnownRecord> Generate(int count = 340)
    {
        var records = new List<KnownRecord>();
        for (var i = 0; i < count; i++) records.Add(One(i, Object));
        for (var i = 0; i < 6; i++) records.Add(One(count + i, OtherObject));
        records.AddRange(TiedClosings(count + 6));
        records.AddRange(BoundaryClosings(count + 8));
        return records;
    }

    private KnownRecord One(int n, string obj)
    {
        var plain = Start.AddHours(_random.Next(0, 24 * 435));
        var created = NearBoundaryOrNot(plain.AddDays(-10), plain);
        if (created >= Now) created = plain;
        var creator = _random.Next(30) == 0 ? null : Owners[_random.Next(Owners.Length)];
        // Some records changed hands: the figures follow the current owner.
        var owner = creator is not null && _random.Next(6) == 0 ? Owners[_random.Next(Owners.Length)] : creator;
        decimal? amount = _random.Next(8) == 0 ? null : _random.Next(50, 5000) * 10 + _random.Next(0, 100) / 100m;
        var moves = new List<KnownMove>();
        var stage = _random.Next(7) == 0 ? "qualify" : "prospect";
        moves.Add(new KnownMove(_nextMove++, null, stage, created, null, amount));
        var at = created;
        while (moves.Count < 14)
        {
            var next = NextStage(stage);
            if (next is null) break;
            var when = NearBoundaryOrNot(at, at.AddSeconds(_random.Next(600, 86400 * (_random.Next(4) == 0 ? 60 : 15))));
            if (when >= Now) break;
            if (_random.Next(5) == 0) amount = _random.Next(6) == 0 ? null : _random.Next(50, 5000) * 10;
            moves.Add(new KnownMove(_nextMove++, stage, next, when, (when - at).TotalSeconds, amount));
            (stage, at) = (next, when);
        }
        return new KnownRecord(Id(n), obj, $"Opportunity {n:000}", owner, creator, amount,
            _random.Next(7) == 0 ? null : Channels[_random.Next(Channels.Length)],
            _random.Next(9) == 0 ? null : Segments[_random.Next(Segments.Length)],
            created, Deleted: _random.Next(14) == 0, moves);
    }

    /// <summary>Where a record in <paramref name="stage"/> goes next, or null when it stays.</summary>
    private string? NextStage(string stage)
    {
        var roll = _random.Next(100);
        return KnownStage.Named(stage) switch
        {
            { IsWon: true } => roll < 30 ? (roll < 15 ? "propose" : "negotiate") : null,
            { IsLost: true } => roll < 20 ? "closed_won" : roll < 40 ? "negotiate" : null,
            { Index: var i } when roll < 8 => null,
            { Index: var i } when roll < 50 => KnownStage.Pipeline[Math.Min(i + 1, 4)].Name,
            { Index: var i } when roll < 58 => KnownStage.Pipeline[Math.Min(i + 2, 4)].Name,
            { Index: var i } when roll < 68 => i == 0 ? "qualify" : KnownStage.Pipeline[i - 1].Name,
            { Index: >= 2 } when roll < 80 => "closed_won",
            _ when roll < 92 => "closed_lost",
            _ => "no_fit",
        };
    }

    /// <summary>Usually <paramref name="plain"/>; one time in four the first zone boundary after <paramref name="after"/> ± 90 minutes.</summary>
    private DateTime NearBoundaryOrNot(DateTime after, DateTime plain)
    {
        if (_random.Next(4) != 0) return Trim(plain);
        var index = _boundaries.BinarySearch(after.AddHours(2 + _random.Next(0, 24 * 20)));
        if (index < 0) index = ~index;
        if (index >= _boundaries.Count) return Trim(plain);
        var near = _boundaries[index].AddMinutes(_random.Next(-90, 91)).AddSeconds(_random.Next(0, 60));
        return near > after ? near : Trim(plain);
    }

    private static DateTime Trim(DateTime time) => new(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>Two records whose last two closing moves share one instant: the one with the higher id is the closing.</summary>
    private IEnumerable<KnownRecord> TiedClosings(int n)
    {
        foreach (var (offset, last) in new[] { (0, "closed_lost"), (1, "closed_won") })
        {
            var created = new DateTime(2026, 5, 4, 8, 0, 0, DateTimeKind.Utc);
            var tie = new DateTime(2026, 6, 9, 12, 0, 0, DateTimeKind.Utc);
            var first = last == "closed_lost" ? "closed_won" : "closed_lost";
            yield return new KnownRecord(Id(n + offset), Object, $"Tied {offset}", "u-r1", "u-r1", 7000m, "web", "smb", created, false,
            [
                new(_nextMove++, null, "prospect", created, null, 7000m),
                new(_nextMove++, "prospect", "negotiate", created.AddDays(10), 86400 * 10, 7000m),
                new(_nextMove++, "negotiate", first, tie, (tie - created.AddDays(10)).TotalSeconds, 7000m),
                new(_nextMove++, first, last, tie, 0, 6500m),
            ]);
        }
    }

    /// <summary>
    /// Deals that close within 90 minutes of a month start in Shanghai or New York (alternating), and
    /// of the New York Mondays around the DST switches: the wrong zone puts them in the wrong bucket.
    /// </summary>
    private IEnumerable<KnownRecord> BoundaryClosings(int n)
    {
        var edges = new List<DateTime>();
        for (var month = new DateTime(2025, 10, 1); month <= new DateTime(2026, 11, 1); month = month.AddMonths(1))
            foreach (var zone in new[] { Shanghai, NewYork })
                edges.Add(TimeZoneInfo.ConvertTimeToUtc(month, zone));
        foreach (var monday in new[] { "2025-10-27", "2025-11-03", "2025-11-10", "2026-03-02", "2026-03-09", "2026-03-16", "2026-11-02", "2026-11-09" })
            edges.Add(TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), NewYork));
        foreach (var edge in edges)
        {
            var closed = Trim(edge.AddMinutes(_random.Next(-90, 91)));
            if (closed >= Now) continue;
            var created = Trim(closed.AddHours(-_random.Next(24 * 3, 24 * 40)));
            var proposed = Trim(created.AddHours(_random.Next(2, 48)));
            var end = _random.Next(3) == 0 ? "closed_lost" : "closed_won";
            decimal? amount = _random.Next(6) == 0 ? null : _random.Next(100, 900) * 25;
            yield return new KnownRecord(Id(n++), Object, $"Edge {edge:yyyy-MM-dd HH:mm}", Owners[_random.Next(Owners.Length)], null, amount,
                Channels[_random.Next(Channels.Length)], Segments[_random.Next(Segments.Length)], created, false,
            [
                new(_nextMove++, null, "prospect", created, null, amount),
                new(_nextMove++, "prospect", "propose", proposed, (proposed - created).TotalSeconds, amount),
                new(_nextMove++, "propose", end, closed, (closed - proposed).TotalSeconds, amount),
            ]);
        }
    }

    private Guid Id(int n)
    {
        var bytes = new byte[16];
        new Random(n * 7919 + 17).NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>Local midnights that start a week (Monday) or a month in Shanghai, New York and UTC, as UTC instants.</summary>
    private static List<DateTime> Boundaries()
    {
        var list = new List<DateTime>();
        foreach (var zone in new[] { Shanghai, NewYork, TimeZoneInfo.Utc })
            for (var day = Start.Date.AddDays(-7); day < Now; day = day.AddDays(1))
                if (day.Day == 1 || day.DayOfWeek == DayOfWeek.Monday)
                    list.Add(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day, DateTimeKind.Unspecified), zone));
        list.Sort();
        return list;
    }
}
