using FunnelStudio.Metadata;

namespace FunnelStudio.Scripting;

/// <summary>
/// <c>FunnelStudio:Scripting</c>: the sandbox's limits for every script run. Checked at start
/// (<see cref="Validate"/>): each must be a real, bounded limit — Jint reads <c>int.MaxValue</c>,
/// <c>long.MaxValue</c> and <c>TimeSpan.MaxValue</c> as "no limit", so those and anything above the
/// ceilings here are refused. A package or plugin may ask for lower limits, never higher.
/// </summary>
public sealed class ScriptingOptions
{
    public const string Section = "FunnelStudio:Scripting";

    /// <summary>Wall time of one run, in milliseconds (default 500; at most 30,000).</summary>
    public int TimeoutMs { get; set; } = 500;

    /// <summary>JavaScript statements of one run (default 1,000,000; at most 100,000,000).</summary>
    public int MaxStatements { get; set; } = 1_000_000;

    /// <summary>Bytes one run may allocate (default 32 MB; at most 1 GB).</summary>
    public long MemoryBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Depth of nested calls of one run (default 256; at most 10,000).</summary>
    public int MaxRecursion { get; set; } = 256;

    /// <summary>Engines kept per config version for reuse (default 4 × cores, at least 16: a save awaits between its steps, so more runs overlap than there are cores; extra ones are built per run and dropped).</summary>
    public int PoolSize { get; set; } = Math.Max(16, Environment.ProcessorCount * 4);

    /// <summary>
    /// Counts each run's statements (for <c>script run</c> and traces). Off by default: an exact count
    /// needs a check before every statement, which turns off Jint's fast paths for statements — the
    /// benchmark hook took 9.0 µs instead of 5.4. <c>funnelstudio script run</c> turns it on.
    /// </summary>
    public bool CountStatements { get; set; }

    /// <summary>Rows <c>ctx.query</c> may return (at most 100).</summary>
    public const int MaxQueryRows = 100;

    /// <summary>Every problem with the options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Check(errors, nameof(TimeoutMs), TimeoutMs, 30_000);
        Check(errors, nameof(MaxStatements), MaxStatements, 100_000_000);
        Check(errors, nameof(MemoryBytes), MemoryBytes, 1L << 30);
        Check(errors, nameof(MaxRecursion), MaxRecursion, 10_000);
        Check(errors, nameof(PoolSize), PoolSize, 1_024);
        return errors;
    }

    private static void Check(List<string> errors, string name, long value, long max)
    {
        if (value < 1 || value > max)
            errors.Add($"{Section}:{name} must be between 1 and {max:N0} (it is {value:N0}); there is no 'unlimited'.");
    }

    /// <summary>The limits of a run: the host's, lowered by what the package and the plugin ask for.</summary>
    public ScriptLimits LimitsFor(ScriptLimitsRequest package, ScriptLimitsRequest? plugin) => new(
        Lowest(TimeoutMs, package.TimeoutMs, plugin?.TimeoutMs),
        Lowest(MaxStatements, package.MaxStatements, plugin?.MaxStatements),
        Math.Min(MemoryBytes, Math.Min(package.MemoryBytes ?? long.MaxValue, plugin?.MemoryBytes ?? long.MaxValue)),
        Lowest(MaxRecursion, package.MaxRecursion, plugin?.MaxRecursion))
    {
        CountStatements = CountStatements,
    };

    private static int Lowest(int host, int? a, int? b) => Math.Min(host, Math.Min(a ?? int.MaxValue, b ?? int.MaxValue));
}

/// <summary>The limits one engine runs with.</summary>
public sealed record ScriptLimits(int TimeoutMs, int MaxStatements, long MemoryBytes, int MaxRecursion)
{
    /// <summary>Whether its engines count statements (<see cref="ScriptingOptions.CountStatements"/>).</summary>
    public bool CountStatements { get; init; }
}
