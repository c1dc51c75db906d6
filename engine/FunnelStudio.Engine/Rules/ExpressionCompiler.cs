using System.Linq.Expressions;
using FunnelStudio.Diagnostics;
using FunnelStudio.Metadata;
using RulesEngine.ExpressionBuilders;
using RulesEngine.Models;

namespace FunnelStudio.Rules;

/// <summary>
/// Compiles one object's expressions with RulesEngine's expression parser (Dynamic LINQ lambda
/// syntax) against the object's typed <see cref="RecordShape"/>: checks the text, names the unknown
/// fields, parses, walks the tree with <see cref="ExpressionGuard"/>, checks picklist options and the
/// result type, rewrites the clock-bound <see cref="Fn"/> calls, and compiles a delegate. Every
/// problem becomes a diagnostic at the rule's file and path.
/// </summary>
internal sealed class ExpressionCompiler
{
    private static readonly RuleExpressionParser Parser = new(new ReSettings { CustomTypes = [typeof(Fn)] });
    private static readonly HashSet<string> UserMembers = ["id", "name", "roles"];

    private readonly ObjectDefinition _object;
    private readonly RecordShape _shape;
    private readonly DiagnosticBag _bag;
    private readonly StageProbabilities _probabilities;
    private readonly ParameterExpression _record, _old, _user, _now;
    private readonly Dictionary<RuleDefinition, Expression> _ruleBodies = new(ReferenceEqualityComparer.Instance);

    private readonly IReadOnlySet<string> _flows;

    public ExpressionCompiler(ObjectDefinition obj, RecordShape shape, DiagnosticBag bag, IReadOnlySet<string>? flows = null)
    {
        _flows = flows ?? new HashSet<string>();
        _object = obj;
        _shape = shape;
        _bag = bag;
        _probabilities = new StageProbabilities(
            obj.Pipeline?.Stages.ToDictionary(s => s.Name, s => s.Probability) ?? new Dictionary<string, decimal>());
        _record = Expression.Parameter(shape.Type, "record");
        _old = Expression.Parameter(shape.Type, "old");
        _user = Expression.Parameter(typeof(RuleUser), "user");
        _now = Expression.Parameter(typeof(DateTime), "now");
    }

    /// <summary>Compiles a rule (and its children); null when any part is invalid (already reported).</summary>
    public CompiledRule? CompileRule(RuleDefinition rule)
    {
        if (rule.Group != RuleGroupMode.None)
        {
            var children = rule.Children.Select(CompileRule).ToList();
            return children.Any(c => c is null) ? null : new CompiledRule(rule, null, children!);
        }
        var body = Parse(rule.Expression!, rule.File, rule.Path + ".expression", $"Rule '{rule.Name}'");
        if (body is null) return null;
        if (body.Type == typeof(bool?)) body = Expression.Equal(body, Expression.Constant(true, typeof(bool?)));
        if (body.Type != typeof(bool))
        {
            _bag.Report(DiagnosticCodes.ExpressionWrongType, rule.File, rule.Path + ".expression",
                $"Rule '{rule.Name}' must be true or false, but its expression gives {Describe(body.Type)}.");
            return null;
        }
        _ruleBodies[rule] = body;
        return new CompiledRule(rule, Lambda<RulePredicate>(body), []);
    }

    /// <summary>
    /// Fuses compiled rules into one gate: leaves joined with <c>&amp;&amp;</c>, <c>any</c> groups with
    /// <c>||</c>, in declaration order — the same expressions each rule's own delegate runs.
    /// </summary>
    public CompiledGate CompileGate(IReadOnlyList<CompiledRule> rules) =>
        new(rules, rules.Count == 0 ? null : Lambda<RulePredicate>(Join(rules, RuleGroupMode.All)));

    private Expression Join(IReadOnlyList<CompiledRule> rules, RuleGroupMode mode)
    {
        if (rules.Count == 0) return Expression.Constant(mode != RuleGroupMode.Any); // as CompiledRule.Passes decides
        var parts = rules.Select(r => r.Definition.Group == RuleGroupMode.None ? _ruleBodies[r.Definition] : Join(r.Children, r.Definition.Group));
        return mode == RuleGroupMode.Any ? parts.Aggregate(Expression.OrElse) : parts.Aggregate(Expression.AndAlso);
    }

    /// <summary>Compiles a formula to an assignment of its field on the typed record.</summary>
    public FormulaAssignment? CompileFormula(FieldDefinition field, string file)
    {
        var path = field.Path + ".expression";
        var body = Parse(field.Expression!, file, path, $"Formula '{field.Name}'");
        if (body is null) return null;
        var target = _shape.PropertyType(field.Name);
        var converted = ConvertResult(body, target);
        if (converted is null)
        {
            _bag.Report(DiagnosticCodes.ExpressionWrongType, file, path,
                $"Formula '{field.Name}' returns {FieldTypes.NameOf(field.ValueType)}, but its expression gives {Describe(body.Type)}.");
            return null;
        }
        var assign = Expression.Assign(Expression.Property(_record, field.Name), converted);
        return Lambda<FormulaAssignment>(assign);
    }

    private Expression? Parse(string expression, string file, string path, string what)
    {
        if (ExpressionGuard.CheckText(expression) is { } refusal)
        {
            var code = expression.Length > ExpressionGuard.MaxLength ? DiagnosticCodes.ExpressionTooLong : DiagnosticCodes.UnsafeExpression;
            _bag.Report(code, file, path, $"{what} is refused: {refusal}.");
            return null;
        }
        if (!ReportUnknownMembers(expression, file, path, what)) return null;

        Expression parsed;
        try
        {
            parsed = Parser.Parse(expression, [_record, _old, _user, _now], null!);
        }
        catch (Exception e)
        {
            _bag.Report(DiagnosticCodes.ExpressionDoesNotCompile, file, path, $"{what} does not compile: {e.Message}");
            return null;
        }

        var parsedBody = parsed is LambdaExpression lambda ? lambda.Body : parsed;
        if (ExpressionGuard.CheckTree(parsedBody, _shape.Type) is { } unsafeReason)
        {
            _bag.Report(DiagnosticCodes.UnsafeExpression, file, path, $"{what} is refused: {unsafeReason}.");
            return null;
        }
        var picklists = new PicklistCheck(_object);
        picklists.Visit(parsedBody);
        foreach (var (field, option) in picklists.Unknown)
            _bag.Report(DiagnosticCodes.UnknownPicklistOption, file, path,
                $"{what} compares '{field}' with '{option}', which is not one of its options ({string.Join(", ", _object.Field(field)!.Options.Select(o => o.Name))}).");
        if (picklists.Unknown.Count > 0) return null;

        var rewriter = new FnRewriter(_record, _old, _now, _probabilities, _flows);
        var body = rewriter.Visit(parsedBody)!;
        if (rewriter.UnknownField is { } unknown)
        {
            _bag.Report(DiagnosticCodes.UnknownFieldInExpression, file, path,
                $"{what} uses Fn.Changed(\"{unknown}\"), but object '{_object.Name}' has no field '{unknown}'.");
            return null;
        }
        if (rewriter.UnknownFlow is { } flow)
        {
            _bag.Report(DiagnosticCodes.UnknownApprovalFlow, file, path,
                $"{what} uses Fn.Approved(\"{flow}\"), but the package has no approval flow '{flow}' for '{_object.Name}'{(_flows.Count == 0 ? "" : $" ({string.Join(", ", _flows.Order())})")}.");
            return null;
        }
        return body;
    }

    private bool ReportUnknownMembers(string expression, string file, string path, string what)
    {
        var ok = true;
        var blanked = ExpressionText.BlankLiterals(expression);
        foreach (var (input, member) in ExpressionText.RecordMembers(blanked).Distinct())
        {
            if (_shape.Has(member)) continue;
            _bag.Report(DiagnosticCodes.UnknownFieldInExpression, file, path,
                $"{what} uses {input}.{member}, but object '{_object.Name}' has no field '{member}'.");
            ok = false;
        }
        foreach (var member in ExpressionText.UserMembers(blanked).Distinct())
        {
            if (UserMembers.Contains(member)) continue;
            _bag.Report(DiagnosticCodes.UnknownFieldInExpression, file, path,
                $"{what} uses user.{member}; the user has only id, name and roles.");
            ok = false;
        }
        return ok;
    }

    private TDelegate Lambda<TDelegate>(Expression body) where TDelegate : Delegate
    {
        // The public delegate takes object; the typed parameters are bound once at the top.
        var record = Expression.Parameter(typeof(object), "recordObject");
        var old = Expression.Parameter(typeof(object), "oldObject");
        var block = Expression.Block(
            [_record, _old],
            Expression.Assign(_record, Expression.Convert(record, _shape.Type)),
            Expression.Assign(_old, Expression.TypeAs(old, _shape.Type)),
            body);
        return Expression.Lambda<TDelegate>(block, record, old, _user, _now).Compile();
    }

    private static Expression? ConvertResult(Expression body, Type target)
    {
        if (body.Type == target) return body;
        var source = Nullable.GetUnderlyingType(body.Type) ?? body.Type;
        var targetCore = Nullable.GetUnderlyingType(target) ?? target;
        if (targetCore == typeof(decimal) && IsNumeric(source)) return Expression.Convert(body, target);
        if (targetCore == typeof(DateTime) && source == typeof(DateTime)) return Expression.Convert(body, target);
        if (target == typeof(bool) && body.Type == typeof(bool?)) return Expression.Equal(body, Expression.Constant(true, typeof(bool?)));
        return null;
    }

    private static bool IsNumeric(Type t) => t == typeof(decimal) || t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float);

    private static string Describe(Type t) => (Nullable.GetUnderlyingType(t) ?? t) switch
    {
        var x when x == typeof(bool) => "true/false",
        var x when x == typeof(string) => "text",
        var x when IsNumeric(x) => "a number",
        var x when x == typeof(DateTime) => "a date",
        var x => x.Name,
    };
}
