using System.Linq.Expressions;
using System.Reflection;

namespace FunnelStudio.Rules;

/// <summary>
/// Rewrites the <see cref="Fn"/> calls that need more than their arguments: the clock comes from
/// the <c>now</c> input, <c>Changed</c> compares <c>record</c> with <c>old</c>, and
/// <c>StageProbability</c> reads the pipeline. Reports a field <c>Changed</c> names that doesn't exist.
/// </summary>
internal sealed class FnRewriter(
    ParameterExpression record, ParameterExpression old, ParameterExpression now, StageProbabilities probabilities,
    IReadOnlySet<string> flows)
    : ExpressionVisitor
{
    private static readonly MethodInfo DaysSince = typeof(FnRuntime).GetMethod(nameof(FnRuntime.DaysSince))!;
    private static readonly MethodInfo IsSet = typeof(FnRuntime).GetMethod(nameof(FnRuntime.IsSet))!;
    private static readonly MethodInfo Differs = typeof(FnRuntime).GetMethod(nameof(FnRuntime.Differs))!;
    private static readonly MethodInfo ContainsFlow = typeof(Fn).GetMethod(nameof(Fn.Contains), [typeof(string[]), typeof(string)])!;
    private static readonly MethodInfo Probability = typeof(StageProbabilities).GetMethod(nameof(StageProbabilities.Get))!;

    /// <summary>A field named by <c>Fn.Changed</c> that the record does not have.</summary>
    public string? UnknownField { get; private set; }

    /// <summary>A flow named by <c>Fn.Approved</c> that the package does not define for this object.</summary>
    public string? UnknownFlow { get; private set; }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType != typeof(Fn)) return base.VisitMethodCall(node);
        var args = node.Arguments.Select(a => Visit(a)!).ToArray();
        switch (node.Method.Name)
        {
            case nameof(Fn.Today):
                return Expression.Property(now, nameof(DateTime.Date));
            case nameof(Fn.DaysSince):
                return Expression.Call(DaysSince, args[0], now);
            case nameof(Fn.StageProbability):
                return Expression.Call(Expression.Constant(probabilities), Probability, args[0]);
            case nameof(Fn.Changed):
                return RewriteChanged(args[0]);
            case nameof(Fn.Approved):
                if (args[0] is not ConstantExpression { Value: string flow } || !flows.Contains(flow))
                {
                    UnknownFlow = args[0] is ConstantExpression { Value: string name } ? name : "(not a constant)";
                    return Expression.Constant(false);
                }
                return Expression.Call(ContainsFlow, Expression.Property(record, RecordShape.ApprovedProperty), args[0]);
            default:
                return node.Update(node.Object, args);
        }
    }

    private Expression RewriteChanged(Expression argument)
    {
        if (argument is not ConstantExpression { Value: string field } || record.Type.GetProperty(field) is null)
        {
            UnknownField = argument is ConstantExpression { Value: string name } ? name : "(not a constant)";
            return Expression.Constant(false);
        }
        var current = Expression.Property(record, field);
        var before = Expression.Property(old, field);
        var type = current.Type;
        // On create there is no old record: a field "changed" when it has been set.
        return Expression.Condition(
            Expression.Equal(old, Expression.Constant(null, old.Type)),
            Expression.Call(IsSet.MakeGenericMethod(type), current),
            Expression.Call(Differs.MakeGenericMethod(type), current, before));
    }
}
