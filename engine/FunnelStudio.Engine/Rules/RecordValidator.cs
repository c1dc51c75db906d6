using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Rules;

/// <summary>
/// The object-level checks every save runs: required fields, then every validation rule. Returns
/// every violation; a rule that throws is a violation with its error.
/// </summary>
public static class RecordValidator
{
    public static IReadOnlyList<Violation> Validate(Evaluation evaluation)
    {
        var violations = new List<Violation>(evaluation.FormulaErrors);
        var definition = evaluation.Object.Definition;
        foreach (var field in definition.Fields)
            if (field.Required && !field.IsComputed && !RecordValues.IsFilled(evaluation.Values[field.Name]))
                violations.Add(new Violation(ViolationKind.RequiredField, field.Name, field.Name, EngineText.Format("required", field.Label)));

        // Fast path: nothing to explain when every rule passes.
        var inputs = evaluation.Inputs;
        foreach (var rule in evaluation.Object.ValidationRules)
            if (!rule.Passes(inputs))
                violations.Add(ToViolation(rule.Evaluate(inputs), ViolationKind.Validation, null, definition));
        return violations;
    }

    /// <summary>Turns a failed rule result into a violation, naming the failed rules inside a group.</summary>
    public static Violation ToViolation(RuleResult result, ViolationKind kind, string? stage, ObjectDefinition obj)
    {
        var rule = result.Rule.Definition;
        var leaves = result.FailedLeaves().ToList();
        var message = !rule.Message.IsEmpty ? rule.Message
            : leaves.Count > 0 ? Join(leaves.Select(l => l.Rule.Definition.Message))
            : LocalizedText.Of(rule.Name);
        if (result.Error is { } error)
            message = EngineText.Format(error.MessageKey("rule"), rule.Name);
        var field = rule.Field ?? leaves.Select(l => l.Rule.Definition.Field).FirstOrDefault(f => f is not null);
        return new Violation(kind, rule.Name, field, message)
        {
            Stage = stage,
            Error = result.Error?.Detail,
            FailedRules = rule.Group == RuleGroupMode.None ? [] : leaves.Select(l => l.Rule.Name).ToArray(),
        };
    }

    private static LocalizedText Join(IEnumerable<LocalizedText> messages)
    {
        var list = messages.ToList();
        var locales = list.SelectMany(m => m.Values.Keys).Distinct();
        return new LocalizedText(locales.ToDictionary(l => l, l => string.Join(" ", list.Select(m => m.Get(l)))));
    }
}
