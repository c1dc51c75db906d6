namespace FunnelStudio.Tracing;

/// <summary>
/// What one save ran and decided: its rules, gates and scripts in order, each with its outcome and
/// time. Kept for saves that were stored and for saves that were refused (a script that failed is
/// found here), shown to admins on the record page and on the script failures page.
/// </summary>
public sealed record SaveTrace(string Object, string Operation, string UserId, DateTime At, string Outcome, IReadOnlyList<TraceStep> Steps)
{
    /// <summary>Set by the store.</summary>
    public long Id { get; init; }

    /// <summary>The record saved (null for a refused create).</summary>
    public Guid? RecordId { get; init; }

    /// <summary>The config version the save ran on.</summary>
    public long ConfigVersion { get; init; }

    /// <summary>True when a script failed (threw, hit a limit, was not found) — what the failures page lists.</summary>
    public bool ScriptFailed => Steps.Any(s => s.Kind == TraceKinds.Script && s.Decision == TraceDecisions.Failed);

    public double DurationMs { get; init; }
}

/// <summary>One thing a save ran: a validation rule group, a stage gate, one hook function, an after-commit hook.</summary>
/// <param name="Kind">See <see cref="TraceKinds"/>.</param>
/// <param name="Name">The rule name, or the script's <c>file#function</c>.</param>
/// <param name="Decision">See <see cref="TraceDecisions"/>.</param>
/// <param name="DurationMs">How long it ran, in milliseconds.</param>
public sealed record TraceStep(string Kind, string Name, string Decision, double DurationMs)
{
    /// <summary>What it said or did: the error with file:line:column, the fields it set, the messages it added.</summary>
    public string? Detail { get; init; }

    /// <summary>Where the script comes from: <c>package</c> or the plugin id.</summary>
    public string? Source { get; init; }

    /// <summary>JavaScript statements the script ran (scripts only).</summary>
    public long? Statements { get; init; }
}

public static class TraceKinds
{
    public const string Rules = "rules";
    public const string Gate = "gate";
    public const string Script = "script";
    /// <summary>An after-commit hook queued in the outbox (it runs later; its outcome is the outbox's).</summary>
    public const string Queued = "queued";
}

public static class TraceDecisions
{
    public const string Passed = "passed";
    /// <summary>The rule, gate or script refused the save (a business outcome).</summary>
    public const string Refused = "refused";
    /// <summary>The script threw, hit a limit or could not run: the save is refused with SCRIPT_FAILED.</summary>
    public const string Failed = "failed";
    public const string Changed = "changed";
    public const string Queued = "queued";
}
