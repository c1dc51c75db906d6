using System.Linq.Expressions;
using FunnelStudio.Metadata;

namespace FunnelStudio.Rules;

/// <summary>
/// Finds comparisons of a picklist field with an option it does not have
/// (<c>record.stage == "sqll"</c>, <c>Fn.In(record.source, "web", "fair")</c>,
/// <c>Fn.Contains(record.tags, "vip")</c>) — a typo there would make a rule silently never pass.
/// </summary>
internal sealed class PicklistCheck(ObjectDefinition obj) : ExpressionVisitor
{
    public List<(string Field, string Option)> Unknown { get; } = [];

    protected override Expression VisitBinary(BinaryExpression node)
    {
        if (node.NodeType is ExpressionType.Equal or ExpressionType.NotEqual)
        {
            Check(node.Left, node.Right);
            Check(node.Right, node.Left);
        }
        return base.VisitBinary(node);
    }

    protected override Expression VisitMethodCall(MethodCallExpression node)
    {
        if (node.Method.DeclaringType == typeof(Fn) && node.Method.Name is nameof(Fn.In) or nameof(Fn.Contains))
            foreach (var argument in node.Arguments.Skip(1))
                Check(node.Arguments[0], argument);
        return base.VisitMethodCall(node);
    }

    private void Check(Expression member, Expression constant)
    {
        if (Unwrap(member) is not MemberExpression { Member.Name: var name } ||
            Unwrap(constant) is not ConstantExpression { Value: string option }) return;
        var field = obj.Field(name);
        if (field is { Type: FieldType.Picklist or FieldType.MultiPicklist } && !field.HasOption(option))
            Unknown.Add((field.Name, option));
    }

    private static Expression Unwrap(Expression e) =>
        e is UnaryExpression { NodeType: ExpressionType.Convert } u ? Unwrap(u.Operand) : e;
}
