namespace FunnelStudio.Rules;

/// <summary>
/// What a rule sees: the typed record after the change, the typed record before it (null on create),
/// the user and the clock. A struct passed by reference, so checking allocates nothing.
/// </summary>
public readonly struct RuleInputs(object record, object? old, RuleUser user, DateTime now)
{
    public object Record { get; } = record;
    public object? Old { get; } = old;
    public RuleUser User { get; } = user;
    public DateTime Now { get; } = now;
}

/// <summary>A compiled rule expression.</summary>
public delegate bool RulePredicate(object record, object? old, RuleUser user, DateTime now);

/// <summary>A compiled formula: computes its value and stores it on the typed record.</summary>
public delegate void FormulaAssignment(object record, object? old, RuleUser user, DateTime now);
