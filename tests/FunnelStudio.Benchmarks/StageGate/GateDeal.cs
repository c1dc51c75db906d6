namespace FunnelStudio.Benchmarks.StageGate;

/// <summary>
/// The benchmark deal as a plain C# class, with the CLR types the engine gives rules
/// (nullable numbers and dates, non-null booleans, string[] for multi-picklists).
/// </summary>
public sealed class GateDeal
{
    public string? Name { get; init; }
    public decimal? Amount { get; init; }
    public decimal? Discount { get; init; }
    public decimal? Seats { get; init; }
    public bool IcpFit { get; init; }
    public bool BudgetConfirmed { get; init; }
    public string? DecisionMaker { get; init; }
    public string? DecisionMakerFeedback { get; init; }
    public string? Source { get; init; }
    public string[]? Products { get; init; }
    public DateTime? FirstContactAt { get; init; }
    public DateTime? CloseDate { get; init; }

    /// <summary>
    /// The qualify stage's ten exit criteria written by hand — the fastest a gate can be, and what
    /// the compiled rules are compared with. Same order and meaning as Packages/stage-gate.
    /// </summary>
    public static bool PassesQualifyExit(GateDeal d, DateTime now) =>
        d.Amount > 0
        && !string.IsNullOrWhiteSpace(d.Name)
        && d.IcpFit
        && d.DecisionMakerFeedback == "positive"
        && (d.Discount ?? 0) <= 30
        && d.CloseDate >= now.Date
        && (d.FirstContactAt is { } contact ? (int?)Math.Floor((now - contact).TotalDays) : null) <= 90
        && !string.IsNullOrWhiteSpace(d.DecisionMaker) && d.BudgetConfirmed
        && d.Source is "website" or "referral" or "event"
        && d.Name is not null && d.Name.Contains("crm", StringComparison.OrdinalIgnoreCase) && d.Seats >= 10;
}
