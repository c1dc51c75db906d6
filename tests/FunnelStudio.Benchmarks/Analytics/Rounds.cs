using System.Diagnostics;

namespace FunnelStudio.Benchmarks.Analytics;

/// <summary>
/// Two ways to the same numbers timed in alternation (the order swaps every round), so a noisy neighbour hits both
/// alike; prints every round, the medians, the minima and the median of the per-round ratios.
/// </summary>
internal static class Rounds
{
    public static async Task RunAsync(string label, int rounds, (string Name, Func<Task> Run) a, (string Name, Func<Task> Run) b, int warmUp = 2)
    {
        for (var i = 0; i < warmUp; i++)
        {
            await a.Run();
            await b.Run();
        }
        var times = new List<(double A, double B)>();
        Console.WriteLine($"\n{label}: A = {a.Name}, B = {b.Name}; {rounds} rounds after {warmUp} warm-up, load average {AnalyticsRun.Load()}");
        for (var round = 1; round <= rounds; round++)
        {
            double ta, tb;
            if (round % 2 == 1)
            {
                ta = await TimeAsync(a.Run);
                tb = await TimeAsync(b.Run);
            }
            else
            {
                tb = await TimeAsync(b.Run);
                ta = await TimeAsync(a.Run);
            }
            times.Add((ta, tb));
            Console.WriteLine($"  round {round,2}: A {ta,9:N1} ms   B {tb,9:N1} ms   A÷B {ta / tb:0.00}");
        }
        var medianA = Median(times.Select(t => t.A));
        var medianB = Median(times.Select(t => t.B));
        Console.WriteLine($"  median A {medianA:N1} ms, B {medianB:N1} ms (A÷B {medianA / medianB:0.00}); min A {times.Min(t => t.A):N1}, B {times.Min(t => t.B):N1} " +
                          $"(A÷B {times.Min(t => t.A) / times.Min(t => t.B):0.00}); median of round ratios {Median(times.Select(t => t.A / t.B)):0.00}; load average {AnalyticsRun.Load()}");
    }

    public static async Task<double> TimeAsync(Func<Task> run)
    {
        var start = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
