namespace FunnelStudio.Rules;

/// <summary>What the compile-time rewrites of <see cref="Fn"/> calls actually run.</summary>
internal static class FnRuntime
{
    public static int? DaysSince(DateTime? date, DateTime now) =>
        date is null ? null : (int)Math.Floor((now - date.Value).TotalDays);

    public static bool IsSet<T>(T value) => value switch
    {
        null => false,
        string s => s.Length > 0,
        string[] a => a.Length > 0,
        bool b => b,
        _ => true,
    };

    public static bool Differs<T>(T a, T b)
    {
        if (a is string[] left && b is string[] right) return !left.SequenceEqual(right);
        if (a is null || b is null) return !(a is null && b is null) && (IsSet(a) || IsSet(b));
        return !EqualityComparer<T>.Default.Equals(a, b);
    }
}

/// <summary>Stage name → probability for <c>Fn.StageProbability</c>; built once per pipeline.</summary>
internal sealed class StageProbabilities(IReadOnlyDictionary<string, decimal> byStage)
{
    public decimal Get(string? stage) => stage is not null && byStage.TryGetValue(stage, out var p) ? p : 0m;
}
