using System.Globalization;
using FunnelStudio.Analytics;

namespace FunnelStudio.Storage.Tests.Analytics;

/// <summary>
/// Collects every difference between a service answer and the reference, so one failing test names
/// all the wrong figures (with where they are) instead of the first one only.
/// </summary>
public sealed class Mismatches
{
    /// <summary>Days (cycles, time in stage) may differ by float rounding only.</summary>
    public const double DayTolerance = 1e-6;
    /// <summary>Amounts may differ by less than a cent (SQLite sums in doubles).</summary>
    public const decimal AmountTolerance = 0.005m;

    private readonly List<string> _found = [];

    public void Count(string where, long expected, long actual)
    {
        if (expected != actual) _found.Add($"{where}: expected {expected}, got {actual}");
    }

    public void Amount(string where, decimal? expected, decimal? actual)
    {
        if (expected is null != actual is null || (expected is { } e && actual is { } a && Math.Abs(e - a) > AmountTolerance))
            _found.Add($"{where}: expected {Show(expected)}, got {Show(actual)}");
    }

    public void Days(string where, double? expected, double? actual, double tolerance = DayTolerance)
    {
        if (expected is null != actual is null || (expected is { } e && actual is { } a && Math.Abs(e - a) > tolerance))
            _found.Add($"{where}: expected {Show(expected)}, got {Show(actual)}");
    }

    public void That(bool holds, string what)
    {
        if (!holds) _found.Add(what);
    }

    public void Kpis(string where, PeriodKpis expected, PeriodKpis actual)
    {
        Count($"{where} Created", expected.Created, actual.Created);
        Count($"{where} Won", expected.Won, actual.Won);
        Count($"{where} Lost", expected.Lost, actual.Lost);
        Days($"{where} WinRate", expected.WinRate, actual.WinRate, 1e-9);
        Amount($"{where} WonAmount", expected.WonAmount, actual.WonAmount);
        Amount($"{where} AverageDealSize", expected.AverageDealSize, actual.AverageDealSize);
        Days($"{where} CycleMedianDays", expected.CycleMedianDays, actual.CycleMedianDays);
        Days($"{where} CycleMeanDays", expected.CycleMeanDays, actual.CycleMeanDays);
    }

    public void Steps(string where, IReadOnlyList<FunnelStep> expected, IReadOnlyList<FunnelStep> actual)
    {
        That(expected.Select(s => s.Stage).SequenceEqual(actual.Select(s => s.Stage)),
            $"{where} stages: expected [{string.Join(", ", expected.Select(s => s.Stage))}], got [{string.Join(", ", actual.Select(s => s.Stage))}]");
        foreach (var (e, a) in expected.Zip(actual))
        {
            Count($"{where} {e.Stage} Count", e.Count, a.Count);
            Amount($"{where} {e.Stage} Amount", e.Amount, a.Amount);
            Days($"{where} {e.Stage} ConversionFromPrevious", e.ConversionFromPrevious, a.ConversionFromPrevious, 1e-9);
        }
    }

    public void StageTime(string where, StageTime expected, StageTime? actual)
    {
        actual ??= new StageTime(expected.Stage, 0, null, null);
        Count($"{where} time in {expected.Stage} Records", expected.Records, actual.Records);
        Days($"{where} time in {expected.Stage} MedianDays", expected.MedianDays, actual.MedianDays);
        Days($"{where} time in {expected.Stage} P75Days", expected.P75Days, actual.P75Days);
    }

    public void Pipeline(string where, StagePipeline expected, StagePipeline? actual)
    {
        // A stage left out has nothing open: zero amounts, or none when the reference hides them.
        actual ??= new StagePipeline(expected.Stage, 0, expected.Amount is null ? null : 0, expected.Weighted is null ? null : 0, 0, expected.StalledAfterDays);
        Count($"{where} open {expected.Stage} Count", expected.Count, actual.Count);
        Amount($"{where} open {expected.Stage} Amount", expected.Amount, actual.Amount);
        Amount($"{where} open {expected.Stage} Weighted", expected.Weighted, actual.Weighted);
        Count($"{where} open {expected.Stage} Stalled", expected.Stalled, actual.Stalled);
        Count($"{where} open {expected.Stage} StalledAfterDays", expected.StalledAfterDays, actual.StalledAfterDays);
    }

    public void Ids(string where, IEnumerable<Guid> expected, IEnumerable<Guid> actual)
    {
        var e = expected.ToHashSet();
        var a = actual.ToList();
        var missing = e.Except(a).ToList();
        var extra = a.Where(id => !e.Contains(id)).ToList();
        if (missing.Count > 0 || extra.Count > 0 || a.Count != a.Distinct().Count())
            _found.Add($"{where} records: {missing.Count} missing (e.g. {string.Join(", ", missing.Take(3))}), " +
                       $"{extra.Count} extra (e.g. {string.Join(", ", extra.Take(3))}), {a.Count - a.Distinct().Count()} listed twice");
    }

    /// <summary>Fails the test with every difference found (the first 60).</summary>
    public void AssertNone()
    {
        if (_found.Count > 0)
            Assert.Fail($"{_found.Count} figure(s) differ from the reference:\n" + string.Join("\n", _found.Take(60)));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
