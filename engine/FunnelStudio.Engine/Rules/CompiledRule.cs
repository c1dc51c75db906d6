using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>
/// A rule compiled once per loaded package: a predicate, or a group of compiled children.
/// A rule that throws counts as failed, with its error — never as passed (gates fail closed).
/// </summary>
public sealed class CompiledRule
{
    private readonly RulePredicate? _predicate;
    private readonly CompiledRule[] _children;

    internal CompiledRule(RuleDefinition definition, RulePredicate? predicate, IReadOnlyList<CompiledRule> children)
    {
        Definition = definition;
        _predicate = predicate;
        _children = children.ToArray();
    }

    public RuleDefinition Definition { get; }
    public string Name => Definition.Name;
    public IReadOnlyList<CompiledRule> Children => _children;

    /// <summary>Evaluates the rule; allocation-free when it passes.</summary>
    public bool Passes(in RuleInputs inputs)
    {
        if (_predicate is not null)
        {
            try
            {
                return _predicate(inputs.Record, inputs.Old, inputs.User, inputs.Now);
            }
            catch
            {
                return false;
            }
        }
        if (Definition.Group == RuleGroupMode.Any)
        {
            foreach (var child in _children)
                if (child.Passes(inputs)) return true;
            return false;
        }
        foreach (var child in _children)
            if (!child.Passes(inputs)) return false;
        return true;
    }

    /// <summary>Evaluates the rule and, when it fails, says why: the error, and the children that failed.</summary>
    public RuleResult Evaluate(in RuleInputs inputs)
    {
        if (_predicate is not null)
        {
            try
            {
                return new RuleResult(this, _predicate(inputs.Record, inputs.Old, inputs.User, inputs.Now), null, []);
            }
            catch (Exception e)
            {
                return new RuleResult(this, false, EvaluationError.From(e), []);
            }
        }
        var results = new List<RuleResult>(_children.Length);
        foreach (var child in _children) results.Add(child.Evaluate(inputs));
        var passed = Definition.Group == RuleGroupMode.Any ? results.Exists(r => r.Passed) : results.TrueForAll(r => r.Passed);
        return new RuleResult(this, passed, results.Select(r => r.Error).FirstOrDefault(e => e is not null), results);
    }

}

/// <summary>The outcome of one rule with the outcomes of its children (for groups); <see cref="Error"/> when it threw.</summary>
public sealed record RuleResult(CompiledRule Rule, bool Passed, EvaluationError? Error, IReadOnlyList<RuleResult> Children)
{
    /// <summary>The leaf rules that failed, for messages that say exactly what is missing.</summary>
    public IEnumerable<RuleResult> FailedLeaves() => Children.Count == 0
        ? Passed ? [] : [this]
        : Children.SelectMany(c => c.FailedLeaves());
}
