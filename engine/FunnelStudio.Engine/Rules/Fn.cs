namespace FunnelStudio.Rules;

/// <summary>
/// The functions rules and formulas may call, as <c>Fn.Name(…)</c>. This is the whole allow-list:
/// the expression guard refuses every other method. Overloads are typed (no <c>object</c>
/// parameters) so a passing check never boxes. <see cref="Today"/>, <see cref="DaysSince"/>,
/// <see cref="Changed"/> and <see cref="StageProbability"/> are rewritten at compile time to read the
/// rule's <c>now</c>, <c>old</c> and pipeline, so results never depend on the machine clock.
/// </summary>
public static class Fn
{
    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);
    public static bool IsBlank(decimal? value) => value is null;
    public static bool IsBlank(DateTime? value) => value is null;
    public static bool IsBlank(string[]? value) => value is null || value.Length == 0;
    public static bool IsBlank(bool value) => !value;

    public static int Len(string? value) => value?.Length ?? 0;

    public static DateTime Today() => DateTime.UtcNow.Date;

    public static int? DaysSince(DateTime? date) => FnRuntime.DaysSince(date, DateTime.UtcNow);

    public static int? DaysBetween(DateTime? from, DateTime? to) =>
        from is null || to is null ? null : (int)Math.Floor((to.Value.Date - from.Value.Date).TotalDays);

    public static bool In(string? value, string a) => value == a;
    public static bool In(string? value, string a, string b) => value == a || value == b;
    public static bool In(string? value, string a, string b, string c) => value == a || value == b || value == c;
    public static bool In(string? value, string a, string b, string c, string d) => In(value, a, b) || In(value, c, d);
    public static bool In(string? value, string a, string b, string c, string d, string e) => In(value, a, b, c) || In(value, d, e);
    public static bool In(string? value, string a, string b, string c, string d, string e, string f) => In(value, a, b, c) || In(value, d, e, f);
    public static bool In(string? value, string a, string b, string c, string d, string e, string f, string g) => In(value, a, b, c, d) || In(value, e, f, g);
    public static bool In(string? value, string a, string b, string c, string d, string e, string f, string g, string h) => In(value, a, b, c, d) || In(value, e, f, g, h);

    public static bool Contains(string[]? values, string item) => values is not null && Array.IndexOf(values, item) >= 0;
    public static bool Contains(string? text, string part) => text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);

    public static decimal Coalesce(decimal? value, decimal fallback) => value ?? fallback;
    public static string Coalesce(string? value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value;
    public static DateTime Coalesce(DateTime? value, DateTime fallback) => value ?? fallback;

    /// <summary>True when the named field differs from the old record (on create: when it is set).</summary>
    public static bool Changed(string field) =>
        throw new InvalidOperationException($"Fn.Changed(\"{field}\") is only valid inside a compiled rule.");

    /// <summary>
    /// True when the record's latest request of the named approval flow is approved (a save that
    /// starts a new request of it makes this false again until that one is approved).
    /// </summary>
    public static bool Approved(string flow) =>
        throw new InvalidOperationException($"Fn.Approved(\"{flow}\") is only valid inside a compiled rule.");

    /// <summary>The win probability (0–100) of the named stage of this object's pipeline.</summary>
    public static decimal StageProbability(string? stage) =>
        throw new InvalidOperationException($"Fn.StageProbability(\"{stage}\") is only valid inside a compiled rule.");
}
