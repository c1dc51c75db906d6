using FunnelStudio.Localization;
using FunnelStudio.Metadata;
using FunnelStudio.Records;
using FunnelStudio.Rules;

namespace FunnelStudio.Stages;

/// <summary>
/// Decides stage moves, free of storage. Forward from A to C needs the exit criteria and required
/// fields of every stage left behind (A and B) and the entry criteria of C; back to an open stage is
/// always allowed; a lost stage is reachable from any open stage with its own entry criteria and
/// required fields; nothing leaves a won/lost stage except back to an open stage, by a user holding
/// the pipeline's reopen role. Formulas are computed before any rule sees the record.
/// </summary>
public static class StageDecisionService
{
    /// <summary>
    /// Decides the move of <paramref name="after"/> (the values after the change) to <paramref name="to"/>.
    /// The move starts from <paramref name="fromStage"/> when given, else from <paramref name="before"/>'s
    /// stage; a new record (no <paramref name="before"/>) starts at the first stage, so creating a
    /// record in a later stage passes the same gates as moving it there.
    /// </summary>
    public static StageDecision Decide(CompiledObject obj, RecordValues? before, RecordValues after, string to,
        RuleUser user, DateTime now, RecordSystemValues? system = null, string? fromStage = null)
    {
        var pipeline = obj.Pipeline ?? throw new InvalidOperationException($"Object '{obj.Name}' has no pipeline.");
        var from = fromStage is not null ? pipeline.Find(fromStage)
            : before is null ? pipeline.First
            : pipeline.Find(before.GetString(pipeline.Field)) ?? pipeline.First;
        if (from is null)
            return Blocked(null, to, Transition(pipeline, "unknown_stage", EngineText.Format("stage.unknown", fromStage)));
        var target = pipeline.Find(to);
        if (target is null)
            return Blocked(from, to, Transition(pipeline, "unknown_stage", EngineText.Format("stage.unknown", to)));
        if (from.Name == target.Name) return new StageDecision(from.Name, to, []);

        if (from.IsTerminal)
        {
            if (target.IsTerminal)
                return Blocked(from, to, Transition(pipeline, "closed", EngineText.Format("stage.terminalToTerminal")));
            if (!user.HasRole(pipeline.ReopenRole))
                return Blocked(from, to, Transition(pipeline, "reopen_forbidden",
                    EngineText.Format("stage.terminal", from.Label, pipeline.ReopenRole ?? "-")));
            return new StageDecision(from.Name, to, []) { IsBackward = true };
        }
        if (!target.IsTerminal && target.Index < from.Index)
            return new StageDecision(from.Name, to, []) { IsBackward = true };

        var passed = target.Terminal == StageTerminal.Lost ? [] : StagesBetween(pipeline, from, target);
        var evaluation = obj.Evaluate(after.With(pipeline.Field, target.Name), before, user, now, system);
        var blocking = new List<Violation>(evaluation.FormulaErrors);
        foreach (var stage in passed)
        {
            blocking.AddRange(MissingFields(obj, evaluation.Values, stage, entering: false));
            blocking.AddRange(Failed(obj, obj.Stages[stage.Name].Exit, evaluation.Inputs, ViolationKind.ExitCriterion, stage.Name));
        }
        if (target.IsTerminal) blocking.AddRange(MissingFields(obj, evaluation.Values, target, entering: true));
        blocking.AddRange(Failed(obj, obj.Stages[target.Name].Entry, evaluation.Inputs, ViolationKind.EntryCriterion, target.Name));
        return new StageDecision(from.Name, to, blocking) { StagesPassed = passed.Select(s => s.Name).ToArray() };
    }

    /// <summary>
    /// Every criterion between the record's stage and <paramref name="to"/> (default: the next open
    /// stage) with pass/fail — the checklist the portal shows beside a record.
    /// </summary>
    public static StageChecklist Explain(CompiledObject obj, RecordValues? before, RecordValues record, RuleUser user,
        DateTime now, string? locale, string? to = null, RecordSystemValues? system = null)
    {
        var pipeline = obj.Pipeline ?? throw new InvalidOperationException($"Object '{obj.Name}' has no pipeline.");
        var from = pipeline.Find(record.GetString(pipeline.Field)) ?? pipeline.First;
        var target = to is null ? NextOpenStage(pipeline, from) : pipeline.Find(to);
        var items = new List<ChecklistItem>();
        if (target is null || from.IsTerminal || target.Index <= from.Index && !target.IsTerminal)
            return new StageChecklist(from.Name, target?.Name, items);

        var evaluation = obj.Evaluate(record.With(pipeline.Field, target.Name), before, user, now, system);
        var leaving = target.Terminal == StageTerminal.Lost ? [] : StagesBetween(pipeline, from, target);
        foreach (var stage in leaving)
        {
            AddFields(items, obj, evaluation.Values, stage, entering: false, locale);
            AddRules(items, obj, obj.Stages[stage.Name].Exit, evaluation.Inputs, ChecklistItemKind.ExitCriterion, stage.Name, locale);
        }
        if (target.IsTerminal) AddFields(items, obj, evaluation.Values, target, entering: true, locale);
        AddRules(items, obj, obj.Stages[target.Name].Entry, evaluation.Inputs, ChecklistItemKind.EntryCriterion, target.Name, locale);
        return new StageChecklist(from.Name, target.Name, items);
    }

    private static StageDefinition? NextOpenStage(PipelineDefinition pipeline, StageDefinition from) =>
        pipeline.Stages.FirstOrDefault(s => s.Index > from.Index && s.Terminal != StageTerminal.Lost);

    /// <summary>The stages left behind moving forward: from (inclusive) to target (exclusive), open ones only.</summary>
    private static List<StageDefinition> StagesBetween(PipelineDefinition pipeline, StageDefinition from, StageDefinition target) =>
        pipeline.Stages.Where(s => s.Index >= from.Index && s.Index < target.Index && !s.IsTerminal).ToList();

    private static IEnumerable<Violation> MissingFields(CompiledObject obj, RecordValues values, StageDefinition stage, bool entering)
    {
        foreach (var name in stage.RequiredFields)
        {
            if (RecordValues.IsFilled(values[name])) continue;
            var field = obj.Definition.Field(name)!;
            yield return new Violation(ViolationKind.RequiredField, name, name,
                EngineText.Format(entering ? "stage.requiredToEnter" : "stage.requiredField", field.Label, stage.Label)) { Stage = stage.Name };
        }
    }

    private static IEnumerable<Violation> Failed(CompiledObject obj, IReadOnlyList<CompiledRule> rules, RuleInputs inputs,
        ViolationKind kind, string stage)
    {
        foreach (var rule in rules)
            if (!rule.Passes(inputs))
                yield return RecordValidator.ToViolation(rule.Evaluate(inputs), kind, stage, obj.Definition);
    }

    private static void AddFields(List<ChecklistItem> items, CompiledObject obj, RecordValues values, StageDefinition stage, bool entering, string? locale)
    {
        foreach (var name in stage.RequiredFields)
        {
            var field = obj.Definition.Field(name)!;
            var message = EngineText.Format(entering ? "stage.requiredToEnter" : "stage.requiredField", field.Label, stage.Label);
            items.Add(new ChecklistItem(ChecklistItemKind.RequiredField, stage.Name, name, name, message.Get(locale), RecordValues.IsFilled(values[name])));
        }
    }

    private static void AddRules(List<ChecklistItem> items, CompiledObject obj, IReadOnlyList<CompiledRule> rules, RuleInputs inputs,
        ChecklistItemKind kind, string stage, string? locale)
    {
        foreach (var rule in rules)
        {
            var result = rule.Evaluate(inputs);
            var violation = RecordValidator.ToViolation(result, ViolationKind.ExitCriterion, stage, obj.Definition);
            var message = result.Passed && !rule.Definition.Message.IsEmpty ? rule.Definition.Message.Get(locale) : violation.MessageIn(locale);
            items.Add(new ChecklistItem(kind, stage, rule.Name, violation.Field, message, result.Passed)
            {
                Error = result.Error?.Detail, FailedRules = violation.FailedRules,
            });
        }
    }

    private static StageDecision Blocked(StageDefinition? from, string to, Violation violation) => new(from?.Name, to, [violation]);

    private static Violation Transition(PipelineDefinition pipeline, string rule, LocalizedText message) =>
        new(ViolationKind.Transition, rule, pipeline.Field, message);
}
