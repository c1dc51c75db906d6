namespace FunnelStudio.Templates;

/// <summary>
/// <c>FunnelStudio:Templating</c>: the sandbox's limits for every template render. Checked at start
/// (<see cref="Validate"/>): each must be a real, bounded limit — Scriban reads 0 as "no limit", so 0,
/// negative values and anything above the ceilings here are refused.
/// </summary>
public sealed class TemplatingOptions
{
    public const string Section = "FunnelStudio:Templating";

    /// <summary>Loop iterations of one render, nested loops and built-in iteration together (default 10,000; at most 1,000,000).</summary>
    public int LoopLimit { get; set; } = 10_000;

    /// <summary>Depth of nested function calls (default 50; at most 1,000).</summary>
    public int RecursiveLimit { get; set; } = 50;

    /// <summary>Characters one render may write, and the longest string it may build (default 1,000,000; at most 10,000,000).</summary>
    public int OutputLimit { get; set; } = 1_000_000;

    /// <summary>Time one regular expression of <c>regex.*</c> may take, in milliseconds (default 100; at most 5,000).</summary>
    public int RegexTimeoutMs { get; set; } = 100;

    /// <summary>Wall time of one render, in milliseconds (default 1,000; at most 30,000).</summary>
    public int TimeoutMs { get; set; } = 1_000;

    /// <summary>Every problem with the options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(LoopLimit), LoopLimit, 1_000_000);
        Check(errors, nameof(RecursiveLimit), RecursiveLimit, 1_000);
        Check(errors, nameof(OutputLimit), OutputLimit, 10_000_000);
        Check(errors, nameof(RegexTimeoutMs), RegexTimeoutMs, 5_000);
        Check(errors, nameof(TimeoutMs), TimeoutMs, 30_000);
        return errors;
    }

    private static void Check(List<string> errors, string name, int value, int max)
    {
        if (value < 1 || value > max)
            errors.Add($"{Section}:{name} must be between 1 and {max:N0} (it is {value:N0}); there is no 'unlimited'.");
    }
}
