using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;

namespace FunnelStudio.Rules;

/// <summary>
/// The compiled exit and entry criteria of one stage: each rule (to say which fail) and each list
/// fused into one gate (to ask quickly whether all pass).
/// </summary>
public sealed record CompiledStage(StageDefinition Definition, IReadOnlyList<CompiledRule> Exit, IReadOnlyList<CompiledRule> Entry)
{
    public required CompiledGate ExitGate { get; init; }
    public required CompiledGate EntryGate { get; init; }
}

/// <summary>A compiled formula, in the order formulas must run (dependencies first).</summary>
public sealed record CompiledFormula(FieldDefinition Field, FormulaAssignment Assign);

/// <summary>
/// An object definition with everything compiled once per loaded package: the typed record shape,
/// formulas in dependency order, validation rules and each stage's criteria.
/// </summary>
public sealed class CompiledObject
{
    internal CompiledObject(ObjectDefinition definition, RecordShape shape, IReadOnlyList<CompiledFormula> formulas,
        IReadOnlyList<CompiledRule> validationRules, IReadOnlyDictionary<string, CompiledStage> stages)
    {
        Definition = definition;
        Shape = shape;
        Formulas = formulas;
        ValidationRules = validationRules;
        Stages = stages;
    }

    public ObjectDefinition Definition { get; }
    public string Name => Definition.Name;
    public RecordShape Shape { get; }
    public IReadOnlyList<CompiledFormula> Formulas { get; }
    public IReadOnlyList<CompiledRule> ValidationRules { get; }
    public IReadOnlyDictionary<string, CompiledStage> Stages { get; }
    public PipelineDefinition? Pipeline => Definition.Pipeline;

    /// <summary>The approval flows of this object, compiled with it.</summary>
    public IReadOnlyList<Approvals.CompiledApprovalFlow> Approvals { get; init; } = [];

    /// <summary>
    /// Builds the typed inputs rules see: the record (with formulas computed, so rules read them) and
    /// the old record. Formula values are copied back into <see cref="Evaluation.Values"/>.
    /// </summary>
    public Evaluation Evaluate(RecordValues record, RecordValues? old, RuleUser user, DateTime now, RecordSystemValues? system = null)
    {
        var typed = Shape.Create(record, system);
        var typedOld = old is null ? null : Shape.Create(old, system);
        var errors = new List<Violation>();
        var computed = new Dictionary<string, object?>();
        foreach (var formula in Formulas)
        {
            var field = formula.Field;
            LocalizedText? refusal;
            string? detail;
            try
            {
                formula.Assign(typed, typedOld, user, now);
                var value = Shape.Get(typed, field.Name);
                (refusal, detail) = (OutOfLimits(field, value), "the result is outside the limits of its type");
                if (refusal is null)
                {
                    computed[field.Name] = value;
                    continue;
                }
            }
            catch (Exception e)
            {
                var error = EvaluationError.From(e);
                (refusal, detail) = (EngineText.Format(error.MessageKey("formula"), field.Label), error.Detail);
            }
            // A formula that cannot be computed stops the save (gates fail closed).
            Shape.Set(typed, field.Name, null);
            computed[field.Name] = null;
            errors.Add(new Violation(ViolationKind.Formula, field.Name, field.Name, refusal) { Error = detail });
        }
        return new Evaluation(this, record.With(computed), new RuleInputs(typed, typedOld, user, now), errors);
    }

    /// <summary>
    /// A formula's result is held to the limits typed values are (<see cref="ValueLimits"/>): a
    /// number in its type's range, so totals cannot overflow, and text of bounded length.
    /// </summary>
    private static LocalizedText? OutOfLimits(FieldDefinition field, object? value) => value switch
    {
        decimal d when Math.Abs(d) > ValueLimits.Limit(field.ValueType) =>
            EngineText.Format("formula.range", field.Label, Readable(-ValueLimits.Limit(field.ValueType)), Readable(ValueLimits.Limit(field.ValueType))),
        string s when s.Length > ValueLimits.FormulaTextLength =>
            EngineText.Format("formula.tooLong", field.Label, Readable(ValueLimits.FormulaTextLength)),
        _ => null,
    };

    private static string Readable(decimal number) => number.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A record materialized for rules: its values with formulas, the typed inputs and any formula errors.</summary>
public sealed record Evaluation(CompiledObject Object, RecordValues Values, RuleInputs Inputs, IReadOnlyList<Violation> FormulaErrors);
